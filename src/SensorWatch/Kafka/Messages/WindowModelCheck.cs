namespace SensorWatch.Kafka.Messages;

/// <summary>
/// Resolves a window's model through the <see cref="IModelCatalog"/> and checks the window against the model's shape:
/// unknown-model, wrong-window-length (T), wrong-feature-count (D), feature-mismatch (names differ, in order).
/// During a key's cold start (no shape yet) only the resolution is checked.
/// </summary>
internal static class WindowModelCheck
{
    public static DecodeResult Check(DecodedWindow window, IModelCatalog catalog)
    {
        ModelResolution resolution = catalog.Resolve(window.SensorId, window.RequestedModel);
        if (resolution.ModelKey is null)
        {
            return DecodeResult.Fail(DeadLetterReason.UnknownModel, window.RequestedModel is null
                ? $"no model configured for sensor \"{window.SensorId}\" (no default and no matching rule)"
                : $"model \"{window.RequestedModel}\" is not known");
        }

        window.ModelKey = resolution.ModelKey;
        window.Shape = resolution.Shape;
        if (resolution.Shape is not { } shape)
        {
            return DecodeResult.Ok;
        }

        if (window.Length != shape.WindowLength)
        {
            return DecodeResult.Fail(DeadLetterReason.WrongWindowLength, $"window has {window.Length} rows; model \"{resolution.ModelKey}\" needs {shape.WindowLength}");
        }

        if (window.FeatureCount != shape.FeatureCount)
        {
            return DecodeResult.Fail(DeadLetterReason.WrongFeatureCount, $"rows have {window.FeatureCount} values; model \"{resolution.ModelKey}\" needs {shape.FeatureCount}");
        }

        if (window.FeatureNameCount > 0 && shape.FeatureNames is { } names && names.Count == window.FeatureNameCount)
        {
            ReadOnlySpan<string> given = window.FeatureNames;
            for (int i = 0; i < given.Length; i++)
            {
                if (!string.Equals(given[i], names[i], StringComparison.Ordinal))
                {
                    return DecodeResult.Fail(DeadLetterReason.FeatureMismatch, $"feature {i} is \"{given[i]}\"; model \"{resolution.ModelKey}\" expects \"{names[i]}\"");
                }
            }
        }

        return DecodeResult.Ok;
    }
}
