using SensorWatch.Core.Evaluation;

namespace SensorWatch.Core.Tests.Evaluation;

public sealed class PointMetricsTests
{
    internal static readonly bool[] Labels = [false, false, true, true, false, true, false, false];
    internal static readonly double[] Scores = [0.1, 0.4, 0.35, 0.8, 0.2, 0.7, 0.9, 0.05];

    [Fact]
    public void AtThreshold_HandExample_CountsEachRow()
    {
        ConfusionCounts counts = PointMetrics.AtThreshold(Labels, Scores, 0.4);
        Assert.Equal(new ConfusionCounts(2, 2, 1, 3), counts);
        Assert.Equal(0.5, counts.Precision, 12);
        Assert.Equal(2.0 / 3.0, counts.Recall, 12);
        Assert.Equal(4.0 / 7.0, counts.F1, 12);
    }

    [Fact]
    public void BestF1_HandExample_FindsThresholdWithAllPositives()
    {
        ThresholdedScore best = PointMetrics.BestF1(Labels, Scores);
        Assert.Equal(0.35, best.Threshold);
        Assert.Equal(0.75, best.F1, 12);
        Assert.Equal(0.6, best.Precision, 12);
        Assert.Equal(1.0, best.Recall, 12);
    }

    [Fact]
    public void BestF1_MatchesNaiveSweepOnRandomData()
    {
        Random random = new(3);
        bool[] labels = [.. Enumerable.Range(0, 500).Select(_ => random.NextDouble() < 0.1)];
        double[] scores = [.. Enumerable.Range(0, 500).Select(i => Math.Round(random.NextDouble() + (labels[i] ? 0.3 : 0), 2))];
        double naive = scores.Distinct().Max(t => PointMetrics.AtThreshold(labels, scores, t).F1);
        Assert.Equal(naive, PointMetrics.BestF1(labels, scores).F1, 12);
    }

    [Fact]
    public void BestF1_NoPositives_IsZero() =>
        Assert.Equal(0.0, PointMetrics.BestF1([false, false], [0.1, 0.2]).F1);

    [Fact]
    public void AtThreshold_LengthMismatch_Throws() =>
        Assert.Throws<ArgumentException>(() => PointMetrics.AtThreshold([true], [0.1, 0.2], 0.5));
}
