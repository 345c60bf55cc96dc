using System.Globalization;

namespace SensorWatch.Core.Retraining;

/// <summary>
/// What went into an <see cref="AcceptedSample"/>: admissions by source, exclusions by reason and the offset range
/// per topic-partition of the admitted windows. Written into the model's lineage by <see cref="ToLineage"/>.
/// </summary>
internal sealed class SampleComposition
{
    private readonly Dictionary<SampleSource, long> _admitted = [];
    private readonly Dictionary<ExclusionReason, long> _excluded = [];
    private readonly SortedDictionary<string, (long First, long Last)> _ranges = new(StringComparer.Ordinal);

    /// <summary>Windows admitted from <paramref name="source"/> so far.</summary>
    public long Admitted(SampleSource source) => _admitted.GetValueOrDefault(source);

    /// <summary>Windows kept out for <paramref name="reason"/> so far.</summary>
    public long Excluded(ExclusionReason reason) => _excluded.GetValueOrDefault(reason);

    /// <summary>Offset range of admitted windows per "topic/partition".</summary>
    public IReadOnlyDictionary<string, (long First, long Last)> OffsetRanges => _ranges;

    internal void CountAdmitted(SampleWindow window, SampleSource source)
    {
        _admitted[source] = Admitted(source) + 1;
        if (window.Partition >= 0 && window.Offset >= 0)
        {
            string key = $"{window.Topic}/{window.Partition}";
            _ranges[key] = _ranges.TryGetValue(key, out (long First, long Last) range)
                ? (Math.Min(range.First, window.Offset), Math.Max(range.Last, window.Offset))
                : (window.Offset, window.Offset);
        }
    }

    internal void CountExcluded(ExclusionReason reason) => _excluded[reason] = Excluded(reason) + 1;

    /// <summary>
    /// The composition as lineage pairs: <c>sample.admitted.scoredNormal</c>, <c>sample.excluded.nearAlert</c>, ...,
    /// <c>sample.size</c>, and <c>sample.offsets.&lt;topic&gt;/&lt;partition&gt;</c> = "first-last".
    /// </summary>
    public Dictionary<string, string> ToLineage(int sampleSize)
    {
        Dictionary<string, string> lineage = new(StringComparer.Ordinal)
        {
            ["sample.size"] = sampleSize.ToString(CultureInfo.InvariantCulture),
        };
        foreach (SampleSource source in Enum.GetValues<SampleSource>())
        {
            lineage[$"sample.admitted.{CamelCase(source.ToString())}"] = Admitted(source).ToString(CultureInfo.InvariantCulture);
        }

        foreach (ExclusionReason reason in Enum.GetValues<ExclusionReason>())
        {
            lineage[$"sample.excluded.{CamelCase(reason.ToString())}"] = Excluded(reason).ToString(CultureInfo.InvariantCulture);
        }

        foreach ((string key, (long first, long last)) in _ranges)
        {
            lineage[$"sample.offsets.{key}"] = string.Create(CultureInfo.InvariantCulture, $"{first}-{last}");
        }

        return lineage;
    }

    private static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
