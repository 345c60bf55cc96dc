using SensorWatch.Core.Evaluation;

namespace SensorWatch.Core.Tests.Evaluation;

public sealed class NabScorerTests
{
    private const double Tolerance = 1e-12;

    // Naive reference of NAB's scaled sigmoid, written out by hand.
    private static double Sigma(double x) => (2.0 / (1.0 + Math.Exp(5.0 * x))) - 1.0;

    private static NabSeries Series(string name, int rows, (int Row, double Score)[] detections, params LabelWindow[] windows)
    {
        double[] scores = new double[rows];
        foreach ((int row, double score) in detections)
        {
            scores[row] = score;
        }

        return new NabSeries(name, scores, windows);
    }

    [Theory]
    [InlineData(100, 15)]
    [InlineData(4032, 604)]
    [InlineData(15902, 750)]
    [InlineData(5000, 750)]
    [InlineData(6, 0)]
    public void ProbationLength_Rows_IsFifteenPercentCappedAt750(int rows, int expected) =>
        Assert.Equal(expected, NabScorer.ProbationLength(rows));

    [Fact]
    public void ScaledSigmoid_KeyPoints_MatchNabDefinition()
    {
        Assert.Equal(0.0, NabScorer.ScaledSigmoid(0.0), Tolerance);
        Assert.Equal(0.9866142981514305, NabScorer.ScaledSigmoid(-1.0), 1e-12);
        Assert.Equal(Sigma(2.9), NabScorer.ScaledSigmoid(2.9), Tolerance);
        Assert.Equal(-1.0, NabScorer.ScaledSigmoid(3.01));
    }

    [Fact]
    public void ScoreFile_DetectionAtWindowStart_EarnsFullTruePositiveWeight()
    {
        NabSeries series = Series("a", 100, [(50, 1.0)], new LabelWindow(50, 59));
        NabFileScore file = NabScorer.ScoreFile(series, NabProfile.Standard, 0.5);
        Assert.Equal(1.0, file.RawScore, Tolerance);
        Assert.Equal((1, 0, 0), (file.TruePositives, file.FalsePositives, file.FalseNegatives));
        Assert.Equal([0], file.DetectionDelays);
    }

    [Fact]
    public void ScoreFile_DetectionAtWindowEnd_EarnsScaledSigmoidCredit()
    {
        NabSeries series = Series("a", 100, [(59, 1.0)], new LabelWindow(50, 59));
        double expected = Sigma(-0.1) / Sigma(-1.0); // position −(59 − 59 + 1) / 10
        Assert.Equal(expected, NabScorer.ScoreFile(series, NabProfile.Standard, 0.5).RawScore, Tolerance);
    }

    [Fact]
    public void ScoreFile_SeveralDetectionsInWindow_OnlyFirstCounts()
    {
        NabSeries series = Series("a", 100, [(52, 1.0), (55, 1.0), (57, 1.0)], new LabelWindow(50, 59));
        NabFileScore file = NabScorer.ScoreFile(series, NabProfile.Standard, 0.5);
        Assert.Equal(Sigma(-0.8) / Sigma(-1.0), file.RawScore, Tolerance);
        Assert.Equal([2], file.DetectionDelays);
    }

    [Fact]
    public void ScoreFile_FalsePositives_BeforeWindowFullCostAfterWindowDecayed()
    {
        // Row 10 is in probation (ignored); row 20 precedes the window; rows 60 and 99 follow it.
        NabSeries series = Series("a", 100, [(10, 1.0), (20, 1.0), (60, 1.0), (99, 1.0)], new LabelWindow(50, 59));
        NabFileScore file = NabScorer.ScoreFile(series, NabProfile.Standard, 0.5);
        double expected = (-0.11) + (0.11 * Sigma(1.0 / 9.0)) + (-0.11) - 1.0; // last term: the missed window
        Assert.Equal(expected, file.RawScore, Tolerance);
        Assert.Equal((0, 3, 1), (file.TruePositives, file.FalsePositives, file.FalseNegatives));
    }

    [Fact]
    public void ScoreFile_MissedWindowUnderLowFnProfile_CostsTwo()
    {
        NabSeries series = Series("a", 100, [], new LabelWindow(50, 59));
        Assert.Equal(-2.0, NabScorer.ScoreFile(series, NabProfile.RewardLowFalseNegatives, 0.5).RawScore, Tolerance);
    }

    [Fact]
    public void ScoreFile_NaNScore_ThrowsNamingRow()
    {
        double[] scores = new double[100];
        scores[42] = double.NaN;
        ArgumentException error = Assert.Throws<ArgumentException>(
            () => NabScorer.ScoreFile(new NabSeries("a", scores, []), NabProfile.Standard, 0.5));
        Assert.Contains("row 42", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScoreFile_OverlappingWindows_Throws() =>
        Assert.Throws<ArgumentException>(() => NabScorer.ScoreFile(
            Series("a", 100, [], new LabelWindow(50, 59), new LabelWindow(55, 70)), NabProfile.Standard, 0.5));

    [Fact]
    public void ScoreAtThreshold_PerfectAndNullDetectors_NormaliseTo100And0()
    {
        NabSeries perfect = Series("a", 100, [(50, 1.0), (80, 1.0)], new LabelWindow(50, 59), new LabelWindow(80, 84));
        NabSeries silent = Series("a", 100, [], new LabelWindow(50, 59), new LabelWindow(80, 84));
        foreach (NabProfile profile in NabProfile.All)
        {
            Assert.Equal(100.0, NabScorer.ScoreAtThreshold([perfect], profile, 0.5).NormalisedScore, 1e-9);
            NabCorpusScore none = NabScorer.ScoreAtThreshold([silent], profile, 0.5);
            Assert.Equal(0.0, none.NormalisedScore, 1e-9);
            Assert.Equal(-2 * profile.FalseNegativeWeight, none.NullScore, Tolerance);
        }
    }

    [Fact]
    public void OptimiseThreshold_TwoFiles_PicksCorpusBestPerProfile()
    {
        // File A: a clear hit at 0.9 plus one weaker false positive at 0.5.
        NabSeries a = Series("a", 100, [(50, 0.9), (20, 0.5)], new LabelWindow(50, 59));

        // File B: its window is only found at 0.4, which also fires 10 false positives (0.45) before the window.
        (int, double)[] detections = [.. Enumerable.Range(20, 10).Select(r => (r, 0.45)), (55, 0.4)];
        NabSeries b = Series("b", 100, detections, new LabelWindow(50, 59));
        double credit = Sigma(-0.5) / Sigma(-1.0);

        // Standard: gain at 0.4 over 0.9 is credit + 1 − 11 × 0.11 (A's 0.5 FP too) > 0.
        NabCorpusScore standard = NabScorer.Score([a, b], NabProfile.Standard);
        Assert.Equal(0.4, standard.Threshold);
        Assert.Equal(1.0 - 0.11 + credit - (10 * 0.11), standard.RawScore, Tolerance);
        Assert.Equal(100.0 * (standard.RawScore + 2.0) / 4.0, standard.NormalisedScore, 1e-9);

        // Low FP: FPs cost 0.22, so detecting B's window no longer pays; the best keeps only A's hit.
        NabCorpusScore lowFp = NabScorer.Score([a, b], NabProfile.RewardLowFalsePositives);
        Assert.Equal(0.9, lowFp.Threshold);
        Assert.Equal(1.0 - 1.0, lowFp.RawScore, Tolerance);

        // Low FN: a miss costs 2, so 0.4 wins again.
        Assert.Equal(0.4, NabScorer.Score([a, b], NabProfile.RewardLowFalseNegatives).Threshold);
    }

    [Fact]
    public void OptimiseThreshold_OnlyFalsePositives_DetectsNothing()
    {
        NabSeries series = Series("a", 100, [(20, 0.7), (30, 0.8)]);
        Assert.Equal(double.PositiveInfinity, NabScorer.OptimiseThreshold([series], NabProfile.Standard));
    }

    [Fact]
    public void OptimiseThreshold_SweepMatchesExhaustiveThresholdSearch()
    {
        Random random = new(7);
        NabSeries[] corpus =
        [
            new("a", [.. Enumerable.Range(0, 300).Select(_ => random.NextDouble())], [new LabelWindow(100, 119), new LabelWindow(200, 229)]),
            new("b", [.. Enumerable.Range(0, 200).Select(_ => Math.Round(random.NextDouble(), 1))], [new LabelWindow(150, 169)]),
        ];
        foreach (NabProfile profile in NabProfile.All)
        {
            double best = corpus.SelectMany(s => s.Scores).Distinct()
                .Max(t => NabScorer.ScoreAtThreshold(corpus, profile, t).RawScore);
            Assert.Equal(best, NabScorer.Score(corpus, profile).RawScore, 1e-9);
        }
    }
}
