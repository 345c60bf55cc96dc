using Microsoft.Extensions.Options;

namespace SensorWatch.Configuration;

/// <summary>
/// Adapts an options class's <c>Validate()</c> (which lists every error) to <see cref="IValidateOptions{TOptions}"/>,
/// so <c>ValidateOnStart</c> fails start-up with all of them at once. Register with
/// <c>services.AddSingleton&lt;IValidateOptions&lt;KafkaOptions&gt;&gt;(new OptionsValidator&lt;KafkaOptions&gt;(o =&gt; o.Validate()))</c>.
/// </summary>
internal sealed class OptionsValidator<TOptions>(Func<TOptions, IReadOnlyList<string>> validate) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        IReadOnlyList<string> errors = validate(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
