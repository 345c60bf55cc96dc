namespace SensorWatch.Core.Preprocessing;

/// <summary>
/// Windows of sensor readings, N windows × T steps × D features, batch-major, NaN for missing,
/// as read from JSONL window messages (DESIGN §3) or assembled from rows.
/// </summary>
public sealed class WindowSet
{
    /// <summary>Creates a window set; <paramref name="values"/> is (N, T, D).</summary>
    public WindowSet(IReadOnlyList<string> featureNames, int windowLength, IReadOnlyList<string> labels, float[] values)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(values);
        if (windowLength <= 0 || featureNames.Count == 0)
        {
            throw new ArgumentException($"Window length {windowLength} and feature count {featureNames.Count} must be positive.");
        }

        if (values.Length != labels.Count * windowLength * featureNames.Count)
        {
            throw new ArgumentException(
                $"values has {values.Length} cells, expected windows {labels.Count} × T {windowLength} × D {featureNames.Count}.", nameof(values));
        }

        FeatureNames = featureNames;
        WindowLength = windowLength;
        Labels = labels;
        Values = values;
    }

    /// <summary>Feature names, D of them.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>T.</summary>
    public int WindowLength { get; }

    /// <summary>One label per window (e.g. "sensorId@start"), N of them.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>(N, T, D) readings, NaN where missing.</summary>
    public float[] Values { get; }

    /// <summary>N.</summary>
    public int Count => Labels.Count;

    /// <summary>D.</summary>
    public int FeatureCount => FeatureNames.Count;
}
