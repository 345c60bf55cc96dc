namespace SensorWatch.Core.Preprocessing;

/// <summary>
/// Rows of sensor readings: N rows × D features, row-major, NaN for a missing cell,
/// with one timestamp text per row (the row index when the source has no timestamp column).
/// </summary>
public sealed class SensorTable
{
    /// <summary>Creates a table; <paramref name="values"/> is (N, D) row-major.</summary>
    public SensorTable(IReadOnlyList<string> featureNames, IReadOnlyList<string> timestamps, float[] values)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(timestamps);
        ArgumentNullException.ThrowIfNull(values);
        if (featureNames.Count == 0)
        {
            throw new ArgumentException("A table needs at least one feature.", nameof(featureNames));
        }

        if (values.Length != timestamps.Count * featureNames.Count)
        {
            throw new ArgumentException(
                $"values has {values.Length} cells, expected rows {timestamps.Count} × features {featureNames.Count}.", nameof(values));
        }

        FeatureNames = featureNames;
        Timestamps = timestamps;
        Values = values;
    }

    /// <summary>Feature (column) names, D of them.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>One timestamp text per row, N of them.</summary>
    public IReadOnlyList<string> Timestamps { get; }

    /// <summary>(N, D) row-major readings, NaN where missing.</summary>
    public float[] Values { get; }

    /// <summary>N.</summary>
    public int RowCount => Timestamps.Count;

    /// <summary>D.</summary>
    public int FeatureCount => FeatureNames.Count;
}
