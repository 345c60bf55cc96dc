namespace SensorWatch.Core.Synthetic;

/// <summary>A batch of generated rows with their labels and the events that started in it.</summary>
public sealed class SyntheticSeries
{
    internal SyntheticSeries(IReadOnlyList<string> featureNames, long firstRow, DateTimeOffset[] timestamps, float[] values,
        AnomalyKind[] labels, IReadOnlyList<AnomalyEvent> events)
    {
        FeatureNames = featureNames;
        FirstRow = firstRow;
        Timestamps = timestamps;
        Values = values;
        Labels = labels;
        Events = events;
    }

    /// <summary>D feature names, column order of <see cref="Values"/>.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Stream index of row 0 of this batch (event rows are stream indices).</summary>
    public long FirstRow { get; }

    /// <summary>N timestamps, one per row.</summary>
    public DateTimeOffset[] Timestamps { get; }

    /// <summary>(N, D) readings, row-major.</summary>
    public float[] Values { get; }

    /// <summary>N per-row labels (<see cref="AnomalyKind.None"/> for normal rows).</summary>
    public AnomalyKind[] Labels { get; }

    /// <summary>Events that start inside this batch, in order; an event may end after the batch.</summary>
    public IReadOnlyList<AnomalyEvent> Events { get; }

    /// <summary>Number of rows N.</summary>
    public int Rows => Labels.Length;

    /// <summary>Number of features D.</summary>
    public int Features => FeatureNames.Count;

    /// <summary>Row <paramref name="row"/> of <see cref="Values"/> (D values).</summary>
    public ReadOnlySpan<float> Row(int row) => Values.AsSpan(row * Features, Features);

    /// <summary>Per-row 0/1 labels as doubles (the form the evaluation metrics take).</summary>
    public double[] BinaryLabels() => [.. Labels.Select(label => label == AnomalyKind.None ? 0.0 : 1.0)];
}
