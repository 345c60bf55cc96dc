using SensorWatch.Core.Evaluation;

namespace SensorWatch.Core.Tests.Evaluation;

public sealed class RankingMetricsTests
{
    [Fact]
    public void AveragePrecision_HandExample_SumsRecallStepsTimesPrecision() =>
        Assert.Equal((1.0 / 6.0) + (2.0 / 9.0) + (1.0 / 5.0),
            RankingMetrics.AveragePrecision(PointMetricsTests.Labels, PointMetricsTests.Scores), 12);

    [Fact]
    public void AveragePrecision_AllTied_IsPositiveRate() =>
        Assert.Equal(0.25, RankingMetrics.AveragePrecision([true, false, false, false], [0.5, 0.5, 0.5, 0.5]), 12);

    [Fact]
    public void AveragePrecision_PerfectRanking_IsOne() =>
        Assert.Equal(1.0, RankingMetrics.AveragePrecision([false, true, true, false], [0.1, 0.9, 0.8, 0.2]), 12);

    [Fact]
    public void RocAuc_HandExample_CountsOrderedPairs() =>
        Assert.Equal(11.0 / 15.0, RankingMetrics.RocAuc(PointMetricsTests.Labels, PointMetricsTests.Scores), 12);

    [Fact]
    public void RocAuc_Ties_CountOneHalf() =>
        Assert.Equal(0.5, RankingMetrics.RocAuc([true, false], [0.5, 0.5]), 12);

    [Fact]
    public void RocAuc_MatchesNaivePairCountOnRandomData()
    {
        Random random = new(9);
        bool[] labels = [.. Enumerable.Range(0, 300).Select(_ => random.NextDouble() < 0.2)];
        double[] scores = [.. Enumerable.Range(0, 300).Select(_ => Math.Round(random.NextDouble(), 1))];
        double pairs = 0;
        long count = 0;
        for (int p = 0; p < labels.Length; p++)
        {
            for (int n = 0; n < labels.Length; n++)
            {
                if (labels[p] && !labels[n])
                {
                    pairs += scores[p] > scores[n] ? 1.0 : scores[p] == scores[n] ? 0.5 : 0.0;
                    count++;
                }
            }
        }

        Assert.Equal(pairs / count, RankingMetrics.RocAuc(labels, scores), 12);
    }

    [Fact]
    public void RocAuc_OneClass_IsNaN() => Assert.True(double.IsNaN(RankingMetrics.RocAuc([true, true], [0.1, 0.2])));
}
