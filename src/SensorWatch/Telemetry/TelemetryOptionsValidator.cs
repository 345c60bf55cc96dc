using System.Net;
using Microsoft.Extensions.Options;

namespace SensorWatch.Telemetry;

/// <summary>Checks <see cref="TelemetryOptions"/> at start and lists every problem at once.</summary>
internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> errors = [];
        if (!IPAddress.TryParse(options.BindAddress, out _))
        {
            errors.Add($"{TelemetryOptions.ShortSectionName}:BindAddress '{options.BindAddress}' is not an IP address (use 0.0.0.0, 127.0.0.1 or ::).");
        }

        if (options.Port is < 0 or > 65535)
        {
            errors.Add($"{TelemetryOptions.ShortSectionName}:Port {options.Port} is outside 0..65535.");
        }

        if (!double.IsFinite(options.LivenessBudgetSeconds) || options.LivenessBudgetSeconds <= 0)
        {
            errors.Add($"{TelemetryOptions.ShortSectionName}:LivenessBudgetSeconds {options.LivenessBudgetSeconds} must be a positive number of seconds.");
        }

        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint) && !Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out _))
        {
            errors.Add($"{TelemetryOptions.ShortSectionName}:OtlpEndpoint '{options.OtlpEndpoint}' is not an absolute URI (e.g. http://collector:4317).");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceName))
        {
            errors.Add($"{TelemetryOptions.ShortSectionName}:ServiceName must not be empty.");
        }

        if (options.LogFormat is not ("json" or "simple"))
        {
            errors.Add($"{TelemetryOptions.ShortSectionName}:LogFormat '{options.LogFormat}' must be 'json' or 'simple'.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
