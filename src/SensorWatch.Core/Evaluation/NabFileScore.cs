namespace SensorWatch.Core.Evaluation;

/// <summary>One file's NAB outcome at a threshold.</summary>
/// <param name="Name">The corpus key.</param>
/// <param name="RawScore">Sum of the weighted TP credits, FP costs and FN costs of this file (not normalised).</param>
/// <param name="TruePositives">Detected windows.</param>
/// <param name="FalsePositives">Scored rows outside every window at or above the threshold.</param>
/// <param name="FalseNegatives">Windows without a detection.</param>
/// <param name="Windows">Windows counted (outside the probationary period).</param>
/// <param name="DetectionDelays">Rows from each detected window's start to its first detection.</param>
internal sealed record NabFileScore(string Name, double RawScore, int TruePositives, int FalsePositives, int FalseNegatives,
    int Windows, IReadOnlyList<int> DetectionDelays);
