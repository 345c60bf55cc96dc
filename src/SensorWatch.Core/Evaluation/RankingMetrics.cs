namespace SensorWatch.Core.Evaluation;

/// <summary>Threshold-free metrics of how well the scores rank anomalous rows above normal ones.</summary>
internal static class RankingMetrics
{
    /// <summary>
    /// Average precision (PR-AUC, step-wise): AP = Σ_k (R_k − R_{k−1}) · P_k over the distinct scores taken as
    /// thresholds from the highest down, rows with equal scores entering together. 0 when nothing is labelled.
    /// </summary>
    public static double AveragePrecision(ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores)
    {
        MetricGuard.CheckInputs(labels, scores);
        long positives = 0;
        foreach (bool label in labels)
        {
            positives += label ? 1 : 0;
        }

        if (positives == 0)
        {
            return 0.0;
        }

        int[] order = MetricGuard.OrderByScoreDescending(scores);
        long tp = 0, predicted = 0;
        double previousRecall = 0.0, area = 0.0;
        for (int k = 0; k < order.Length; k++)
        {
            int row = order[k];
            predicted++;
            tp += labels[row] ? 1 : 0;
            bool lastOfTie = k == order.Length - 1 || scores[order[k + 1]] != scores[row];
            if (lastOfTie)
            {
                double recall = (double)tp / positives;
                area += (recall - previousRecall) * tp / predicted;
                previousRecall = recall;
            }
        }

        return area;
    }

    /// <summary>
    /// ROC-AUC: the probability that a random anomalous row scores above a random normal one, ties counting one half
    /// (the Mann–Whitney U statistic over positives × negatives). NaN when either class is empty.
    /// </summary>
    public static double RocAuc(ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores)
    {
        MetricGuard.CheckInputs(labels, scores);
        int[] order = MetricGuard.OrderByScoreDescending(scores);
        long positives = 0, negatives = 0;
        double pairs = 0.0;
        long negativesAbove = 0;
        int k = 0;
        while (k < order.Length)
        {
            int end = k;
            long tiePositives = 0, tieNegatives = 0;
            while (end < order.Length && scores[order[end]] == scores[order[k]])
            {
                if (labels[order[end]]) { tiePositives++; } else { tieNegatives++; }
                end++;
            }

            // Each positive in this tie beats every normal row below it: count instead the ones above it and in the tie.
            pairs += tiePositives * (negativesAbove + (0.5 * tieNegatives));
            negativesAbove += tieNegatives;
            positives += tiePositives;
            negatives += tieNegatives;
            k = end;
        }

        return positives == 0 || negatives == 0 ? double.NaN : 1.0 - (pairs / ((double)positives * negatives));
    }
}
