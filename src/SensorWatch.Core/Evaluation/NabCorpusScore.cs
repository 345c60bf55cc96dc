namespace SensorWatch.Core.Evaluation;

/// <summary>A detector's NAB result over a corpus for one profile.</summary>
/// <param name="Profile">The profile scored.</param>
/// <param name="Threshold">The detection threshold (optimised over the corpus, or the one given).</param>
/// <param name="RawScore">Sum of the files' raw scores.</param>
/// <param name="NullScore">Raw score of a detector that never detects: −FN weight × windows.</param>
/// <param name="PerfectScore">Raw score of a detector that detects every window at its first row and nothing else.</param>
/// <param name="NormalisedScore">100 × (raw − null) / (perfect − null): 0 = null detector, 100 = perfect.</param>
/// <param name="Files">Per-file outcomes at <paramref name="Threshold"/>.</param>
internal sealed record NabCorpusScore(NabProfile Profile, double Threshold, double RawScore, double NullScore, double PerfectScore,
    double NormalisedScore, IReadOnlyList<NabFileScore> Files);
