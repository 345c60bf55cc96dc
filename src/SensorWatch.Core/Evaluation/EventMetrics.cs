namespace SensorWatch.Core.Evaluation;

/// <summary>Event-wise metrics: labelled segments and predicted runs are the units, not rows.</summary>
internal static class EventMetrics
{
    /// <summary>Event recall, event precision and detection delay of <c>score &gt;= threshold</c>.</summary>
    public static EventScore AtThreshold(ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores, double threshold)
    {
        MetricGuard.CheckInputs(labels, scores);
        bool[] predicted = new bool[scores.Length];
        for (int i = 0; i < scores.Length; i++)
        {
            predicted[i] = scores[i] >= threshold;
        }

        IReadOnlyList<LabelSegment> segments = LabelSegment.FindRuns(labels);
        List<double> delays = [];
        foreach (LabelSegment segment in segments)
        {
            for (int i = segment.Start; i < segment.EndExclusive; i++)
            {
                if (predicted[i])
                {
                    delays.Add(i - segment.Start);
                    break;
                }
            }
        }

        IReadOnlyList<LabelSegment> runs = LabelSegment.FindRuns(predicted);
        int trueRuns = 0;
        foreach (LabelSegment run in runs)
        {
            for (int i = run.Start; i < run.EndExclusive; i++)
            {
                if (labels[i])
                {
                    trueRuns++;
                    break;
                }
            }
        }

        return new EventScore(segments.Count, delays.Count, runs.Count, trueRuns, Mean(delays), Median(delays));
    }

    private static double Mean(List<double> values) => values.Count == 0 ? double.NaN : values.Average();

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        double[] sorted = [.. values.Order()];
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
    }
}
