using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;

namespace SensorWatch.Roles.Scorer;

/// <summary>
/// The window shape (T, D) each key's serving model expects, readable from any thread: a hot-swapped model must fit it.
/// A verified model of another shape would turn every window of that key into a dead letter (and its batched windows
/// could not be scored), so it is refused and the serving model stays; a shape change needs a restart with the new model.
/// </summary>
internal sealed partial class ModelRegistry
{
    private readonly ConcurrentDictionary<string, (int WindowLength, int Features)> _shapes = new(StringComparer.Ordinal);

    /// <summary>False, with the reason, when a model serves <paramref name="model"/>'s key with another window shape (any thread).</summary>
    public bool FitsServingShape(IScoringModel model, [NotNullWhen(false)] out string? reason)
    {
        if (_shapes.TryGetValue(model.ModelKey, out (int WindowLength, int Features) serving)
            && (serving.WindowLength != model.WindowLength || serving.Features != model.Features))
        {
            reason = $"its windows are (T {model.WindowLength}, D {model.Features}) but the serving model's are (T {serving.WindowLength}, D {serving.Features}); "
                + "a shape change needs a restart with the new model in the store";
            return false;
        }

        reason = null;
        return true;
    }

    private void RememberShape(IScoringModel model) => _shapes[model.ModelKey] = (model.WindowLength, model.Features);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Offered model '{ModelKey}' {Version} refused, keeping the current model: {Reason}")]
    private static partial void LogOfferRefused(ILogger logger, string modelKey, string version, string reason);
}
