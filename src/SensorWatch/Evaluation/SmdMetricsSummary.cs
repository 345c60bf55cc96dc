using SensorWatch.Core.Evaluation;

namespace SensorWatch.Evaluation;

/// <summary>Row-labelled results of one run (SMD machines or CSV files): per series and the macro mean.</summary>
internal sealed record SmdMetricsSummary(IReadOnlyList<SeriesMetrics> Series)
{
    /// <summary>Macro mean of a metric over the series, skipping NaN.</summary>
    public double Mean(Func<SeriesMetrics, double> metric)
    {
        double[] values = [.. Series.Select(metric).Where(v => !double.IsNaN(v))];
        return values.Length == 0 ? double.NaN : values.Average();
    }
}
