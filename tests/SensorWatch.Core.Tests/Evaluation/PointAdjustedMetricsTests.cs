using SensorWatch.Core.Evaluation;

namespace SensorWatch.Core.Tests.Evaluation;

public sealed class PointAdjustedMetricsTests
{
    internal static readonly bool[] Labels = [false, true, true, true, false, false, true, true, false];
    internal static readonly double[] Scores = [0.1, 0.2, 0.9, 0.1, 0.3, 0.8, 0.1, 0.2, 0.05];

    [Fact]
    public void AtThreshold_OneHitInSegment_CountsWholeSegment() =>
        Assert.Equal(new ConfusionCounts(3, 1, 2, 3), PointAdjustedMetrics.AtThreshold(Labels, Scores, 0.5));

    [Fact]
    public void BestF1_HandExample_MatchesHandSweep()
    {
        ThresholdedScore best = PointAdjustedMetrics.BestF1(Labels, Scores);
        Assert.Equal(0.2, best.Threshold);
        Assert.Equal(10.0 / 12.0, best.F1, 12);
    }

    [Fact]
    public void BestF1_MatchesNaiveSweepOnRandomData()
    {
        Random random = new(5);
        bool[] labels = [.. Enumerable.Range(0, 400).Select(i => i % 50 is >= 20 and < 28)];
        double[] scores = [.. Enumerable.Range(0, 400).Select(_ => Math.Round(random.NextDouble(), 2))];
        double naive = scores.Distinct().Max(t => PointAdjustedMetrics.AtThreshold(labels, scores, t).F1);
        Assert.Equal(naive, PointAdjustedMetrics.BestF1(labels, scores).F1, 12);
    }

    [Fact]
    public void BestF1_RandomScores_FarAbovePointWise()
    {
        // The flattery the docs warn about: random scores, long segments.
        Random random = new(11);
        bool[] labels = [.. Enumerable.Range(0, 5000).Select(i => i % 1000 is >= 400 and < 450)];
        double[] scores = [.. Enumerable.Range(0, 5000).Select(_ => random.NextDouble())];
        Assert.True(PointAdjustedMetrics.BestF1(labels, scores).F1 > 3 * PointMetrics.BestF1(labels, scores).F1);
    }
}
