namespace SensorWatch.Core.Evaluation;

/// <summary>Precision, recall and F1 of the prediction <c>score &gt;= Threshold</c>.</summary>
internal readonly record struct ThresholdedScore(double Threshold, double Precision, double Recall, double F1)
{
    /// <summary>The ratios of <paramref name="counts"/> at <paramref name="threshold"/>.</summary>
    public static ThresholdedScore From(double threshold, ConfusionCounts counts) =>
        new(threshold, counts.Precision, counts.Recall, counts.F1);
}
