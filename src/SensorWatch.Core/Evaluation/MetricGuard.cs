namespace SensorWatch.Core.Evaluation;

/// <summary>Validation shared by the point, event and ranking metrics.</summary>
internal static class MetricGuard
{
    /// <summary>Throws when the lengths differ or a score is NaN.</summary>
    public static void CheckInputs(ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores)
    {
        if (labels.Length != scores.Length)
        {
            throw new ArgumentException($"labels has {labels.Length} rows but scores has {scores.Length}; they must match.", nameof(scores));
        }

        for (int i = 0; i < scores.Length; i++)
        {
            if (double.IsNaN(scores[i]))
            {
                throw new ArgumentException($"score at row {i} is NaN; every row needs a score.", nameof(scores));
            }
        }
    }

    /// <summary>Row indices ordered by score, highest first (the order among ties is unspecified).</summary>
    public static int[] OrderByScoreDescending(ReadOnlySpan<double> scores)
    {
        int[] order = new int[scores.Length];
        double[] keys = new double[scores.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
            keys[i] = -scores[i];
        }

        Array.Sort(keys, order);
        return order;
    }
}
