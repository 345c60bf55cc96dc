namespace SensorWatch.Core.Evaluation;

/// <summary>Point-wise metrics: every row is one sample; a row is predicted anomalous when score &gt;= threshold.</summary>
internal static class PointMetrics
{
    /// <summary>The confusion counts of <c>score &gt;= threshold</c> against the labels.</summary>
    public static ConfusionCounts AtThreshold(ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores, double threshold)
    {
        MetricGuard.CheckInputs(labels, scores);
        long tp = 0, fp = 0, fn = 0, tn = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            bool predicted = scores[i] >= threshold;
            if (labels[i])
            {
                if (predicted) { tp++; } else { fn++; }
            }
            else
            {
                if (predicted) { fp++; } else { tn++; }
            }
        }

        return new ConfusionCounts(tp, fp, fn, tn);
    }

    /// <summary>
    /// The best F1 over every distinct score used as threshold (the optimistic "oracle" protocol of most SMD papers),
    /// with the precision and recall there. The highest threshold wins ties. F1 = 0 when nothing is labelled.
    /// </summary>
    public static ThresholdedScore BestF1(ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores)
    {
        MetricGuard.CheckInputs(labels, scores);
        long positives = 0;
        foreach (bool label in labels)
        {
            positives += label ? 1 : 0;
        }

        int[] order = MetricGuard.OrderByScoreDescending(scores);
        long tp = 0, fp = 0;
        ThresholdedScore best = new(double.PositiveInfinity, 0, 0, 0);
        for (int k = 0; k < order.Length; k++)
        {
            int row = order[k];
            if (labels[row]) { tp++; } else { fp++; }
            bool lastOfTie = k == order.Length - 1 || scores[order[k + 1]] != scores[row];
            if (!lastOfTie)
            {
                continue;
            }

            ConfusionCounts counts = new(tp, fp, positives - tp, labels.Length - positives - fp);
            if (counts.F1 > best.F1)
            {
                best = ThresholdedScore.From(scores[row], counts);
            }
        }

        return best;
    }
}
