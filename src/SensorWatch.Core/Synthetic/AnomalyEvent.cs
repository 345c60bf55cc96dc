namespace SensorWatch.Core.Synthetic;

/// <summary>Ground truth for one injected anomaly: rows [<see cref="StartRow"/>, <see cref="EndRow"/>) of the stream.</summary>
/// <param name="Kind">What was injected.</param>
/// <param name="Features">Indices of the features involved (for <see cref="AnomalyKind.BrokenRelation"/>: the altered sensor first, then its partner).</param>
/// <param name="FeatureNames">Names of <paramref name="Features"/>, same order.</param>
/// <param name="StartRow">First anomalous row (0-based, counted from the start of the stream).</param>
/// <param name="EndRow">One past the last anomalous row (exclusive).</param>
/// <param name="Start">Timestamp of <paramref name="StartRow"/>.</param>
/// <param name="End">Timestamp of <paramref name="EndRow"/> (exclusive), i.e. the last anomalous row's time plus one interval.</param>
public sealed record AnomalyEvent(
    AnomalyKind Kind,
    IReadOnlyList<int> Features,
    IReadOnlyList<string> FeatureNames,
    long StartRow,
    long EndRow,
    DateTimeOffset Start,
    DateTimeOffset End)
{
    /// <summary>Number of anomalous rows.</summary>
    public long Length => EndRow - StartRow;

    /// <summary>Whether stream row <paramref name="row"/> lies inside the event.</summary>
    public bool Contains(long row) => row >= StartRow && row < EndRow;
}
