using SensorWatch.Core.Evaluation;

namespace SensorWatch.Evaluation;

/// <summary>NAB results of one run: the three profiles and, per file, the standard-profile outcome.</summary>
internal sealed record NabMetricsSummary(IReadOnlyList<NabCorpusScore> Profiles, int Files, int Windows)
{
    /// <summary>Scores the corpus under every profile.</summary>
    public static NabMetricsSummary Compute(IReadOnlyList<NabFile> files, IReadOnlyList<double[]> scores)
    {
        NabSeries[] corpus = [.. files.Select((f, i) => new NabSeries(f.Key, scores[i], f.Windows))];
        IReadOnlyList<NabCorpusScore> profiles = NabScorer.ScoreAllProfiles(corpus);
        return new NabMetricsSummary(profiles, files.Count, profiles[0].Files.Sum(f => f.Windows));
    }

    /// <summary>Mean rows from window start to the first detection, standard profile (NaN if none).</summary>
    public double MeanDetectionDelayRows
    {
        get
        {
            int[] delays = [.. Profiles[0].Files.SelectMany(f => f.DetectionDelays)];
            return delays.Length == 0 ? double.NaN : delays.Average();
        }
    }
}
