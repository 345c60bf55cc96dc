namespace SensorWatch.Core.Evaluation;

/// <summary>Every labelled-row metric of one scored series (SMD machine, CSV file).</summary>
/// <param name="Name">Series name.</param>
/// <param name="Rows">Rows scored.</param>
/// <param name="AnomalousRows">Rows labelled 1.</param>
/// <param name="BestPointF1">Best point-wise F1 over all thresholds (oracle threshold; the usual SMD protocol).</param>
/// <param name="AveragePrecision">PR-AUC (average precision).</param>
/// <param name="RocAuc">ROC-AUC (ties one half); NaN with one class.</param>
/// <param name="BestPointAdjustedF1">Best point-adjusted F1 (flatters: one hit marks the whole segment).</param>
/// <param name="OperatingThreshold">The threshold of the "at threshold" metrics (the configured one, else the best point-F1 one).</param>
/// <param name="AtThreshold">Point-wise precision/recall/F1 at <paramref name="OperatingThreshold"/>.</param>
/// <param name="Events">Event-wise recall/precision and detection delay at <paramref name="OperatingThreshold"/>.</param>
internal sealed record SeriesMetrics(string Name, int Rows, int AnomalousRows, ThresholdedScore BestPointF1, double AveragePrecision,
    double RocAuc, ThresholdedScore BestPointAdjustedF1, double OperatingThreshold, ThresholdedScore AtThreshold, EventScore Events)
{
    /// <summary>Computes every metric; <paramref name="operatingThreshold"/> null uses the best point-F1 threshold.</summary>
    public static SeriesMetrics Compute(string name, ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores, double? operatingThreshold = null)
    {
        ThresholdedScore best = PointMetrics.BestF1(labels, scores);
        double threshold = operatingThreshold ?? best.Threshold;
        int anomalous = 0;
        foreach (bool label in labels)
        {
            anomalous += label ? 1 : 0;
        }

        return new SeriesMetrics(name, labels.Length, anomalous, best, RankingMetrics.AveragePrecision(labels, scores),
            RankingMetrics.RocAuc(labels, scores), PointAdjustedMetrics.BestF1(labels, scores), threshold,
            ThresholdedScore.From(threshold, PointMetrics.AtThreshold(labels, scores, threshold)),
            EventMetrics.AtThreshold(labels, scores, threshold));
    }
}
