namespace SensorWatch.Core.Evaluation;

/// <summary>Counts of a binary prediction against binary labels, with the usual ratios (0 when undefined).</summary>
internal readonly record struct ConfusionCounts(long TruePositives, long FalsePositives, long FalseNegatives, long TrueNegatives)
{
    /// <summary>TP / (TP + FP); 0 when nothing is predicted.</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 0.0 : (double)TruePositives / (TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN); 0 when nothing is labelled.</summary>
    public double Recall => TruePositives + FalseNegatives == 0 ? 0.0 : (double)TruePositives / (TruePositives + FalseNegatives);

    /// <summary>2·TP / (2·TP + FP + FN), the harmonic mean of precision and recall; 0 when TP = 0.</summary>
    public double F1 => TruePositives == 0 ? 0.0 : 2.0 * TruePositives / ((2.0 * TruePositives) + FalsePositives + FalseNegatives);
}
