using SensorWatch.Core.Scoring;

namespace SensorWatch.Core.Tests.Scoring;

public sealed class RunningTailScoreTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(5.0)]
    [InlineData(29.9)]
    public void LogTail_MatchesNaiveIntegralOfNormalDensity(double z)
    {
        // Naive reference: Q(z) by Simpson's rule over [z, z + 12] of the standard normal density.
        const int steps = 20000;
        double h = 12.0 / steps, sum = 0.0;
        for (int i = 0; i <= steps; i++)
        {
            double x = z + (i * h);
            double weight = i == 0 || i == steps ? 1 : i % 2 == 1 ? 4 : 2;
            sum += weight * Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI);
        }

        Assert.Equal(Math.Log(sum * h / 3.0), RunningTailScore.LogTail(z), 1e-6);
    }

    [Fact]
    public void LogTail_AcrossAsymptoticSwitch_IsContinuous() =>
        Assert.Equal(RunningTailScore.LogTail(29.999), RunningTailScore.LogTail(30.001), 0.1);

    [Fact]
    public void Next_ValueAtHistoryMean_ScoresLow()
    {
        RunningTailScore tail = new(100, 1, 3.0, 0.01);
        Random random = new(1);
        tail.Seed([.. Enumerable.Range(0, 100).Select(_ => Math.Exp(random.NextDouble()))]);
        double typical = tail.Next(Math.Exp(0.5));
        Assert.InRange(typical, 0.0, 0.2);
    }

    [Fact]
    public void Next_FarOutlier_ScoresNearOneAndAboveModerateOutlier()
    {
        RunningTailScore tail = new(100, 1, 3.0, 0.01);
        Random random = new(2);
        tail.Seed([.. Enumerable.Range(0, 100).Select(_ => Math.Exp(random.NextDouble()))]);
        double moderate = tail.Next(Math.Exp(1.5));
        double extreme = tail.Next(Math.Exp(20));
        Assert.True(extreme > moderate);
        Assert.True(extreme > 0.9);
    }

    [Fact]
    public void Next_LastingLevelShift_StopsBeingRare()
    {
        RunningTailScore tail = new(50, 1, 3.0, 0.01);
        tail.Seed([.. Enumerable.Range(0, 50).Select(i => 1.0 + (0.01 * (i % 5)))]);
        double onset = tail.Next(100.0);
        double later = 0.0;
        for (int i = 0; i < 200; i++)
        {
            later = tail.Next(100.0 + (0.01 * (i % 5)));
        }

        Assert.True(onset > 0.9);
        Assert.True(later < 0.3);
    }

    [Fact]
    public void Next_NaNRaw_ScoresZero() => Assert.Equal(0.0, new RunningTailScore(10, 1, 3.0, 0.1).Next(double.NaN));

    [Fact]
    public void Constructor_BadArguments_Throw() =>
        Assert.Throws<ArgumentException>(() => new RunningTailScore(1, 1, 3.0, 0.1));

    [Fact]
    public void Next_RangeMode_NewRecordScoresAboveHalfAndOldRangeBelow()
    {
        RunningTailScore tail = new(100, 1, 3.0, 0.01, TailTransform.Identity, rangeMode: true);
        tail.Seed([.. Enumerable.Range(0, 100).Select(i => (double)(i % 10))]); // mean 4.5, max 9
        Assert.Equal(0.0, tail.Next(3.0));
        Assert.Equal((4.5 / 4.5) / 2.0, tail.Next(9.0), 12);            // equals the max: q = 1
        Assert.Equal((9.0 / 4.5) / (1.0 + (9.0 / 4.5)), tail.Next(13.5), 1e-2); // the history has moved by one row
    }

    [Fact]
    public void Next_SquareRootTransform_SpikeFarRarerThanUnderLog()
    {
        // Squared errors of one step: the log spreads them so widely that a 7-sigma spike looks ordinary.
        Random random = new(6);
        double[] squared = [.. Enumerable.Range(0, 2000).Select(_ => Math.Pow(Normal(random), 2))];
        RunningTailScore log = new(2000, 1, 3.0, 0.01, TailTransform.Log);
        RunningTailScore root = new(2000, 1, 3.0, 0.01, TailTransform.SquareRoot);
        log.Seed(squared);
        root.Seed(squared);
        Assert.True(root.Next(49.0) > log.Next(49.0) + 0.3);
    }

    [Fact]
    public void Next_Stream_IsCausal()
    {
        // The score of a row is the same whether or not later rows exist: no look-ahead.
        Random random = new(8);
        double[] raw = [.. Enumerable.Range(0, 600).Select(_ => Math.Exp(2 * random.NextDouble()))];
        foreach (bool range in new[] { false, true })
        {
            RunningTailScore full = new(50, 3, 3.0, 0.05, TailTransform.Log, range);
            double[] all = [.. raw.Select(full.Next)];
            RunningTailScore prefix = new(50, 3, 3.0, 0.05, TailTransform.Log, range);
            double[] first = [.. raw.Take(300).Select(prefix.Next)];
            Assert.Equal(all.Take(300), first);
        }
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}
