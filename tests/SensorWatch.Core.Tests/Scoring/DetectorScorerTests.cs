using SensorWatch.Core.Scoring;

namespace SensorWatch.Core.Tests.Scoring;

public sealed class DetectorScorerTests
{
    private const int Window = TinyDetector.T * TinyDetector.D;

    [Fact]
    public void Score_SpikeInOneSensor_IsAnomalousWithThatTopFeature()
    {
        float[] windows = TinyDetector.Windows(2, seed: 11);
        windows[Window + (9 * TinyDetector.D) + 2] += 4f; // window 1, step 9, sensor c: four units ≈ 6σ
        WindowScore[] results = new WindowScore[2];
        float[] contributions = new float[2 * TinyDetector.D];
        TinyDetector.Detector.CreateScorer(4).Score(windows, 2, results, contributions, default);
        Assert.False(results[0].Anomalous);
        Assert.True(results[1].Anomalous, $"score {results[1].Score} threshold {results[1].Threshold}");
        Assert.Equal(2, results[1].TopFeature);
        Assert.True(results[1].Severity > 0 && results[0].Severity == 0);
        Assert.Equal(1f, contributions[3..].Sum(), 1e-4f);
        Assert.Equal(WindowStatus.Scored, results[1].Status);
    }

    [Fact]
    public void Score_BatchOfManyVersusOneByOne_GivesTheSameScores()
    {
        float[] windows = TinyDetector.Windows(5, seed: 12);
        DetectorScorer scorer = TinyDetector.Detector.CreateScorer(8);
        WindowScore[] batch = new WindowScore[5];
        scorer.Score(windows, 5, batch, default, default);
        WindowScore[] one = new WindowScore[1];
        for (int b = 0; b < 5; b++)
        {
            scorer.Score(windows.AsSpan(b * Window, Window), 1, one, default, default);
            Assert.Equal(batch[b].Score, one[0].Score, 1e-5 * Math.Max(1, Math.Abs(batch[b].Score))); // GEMM paths differ by batch: float rounding only
        }
    }

    [Fact]
    public void Score_BatchSplitOverTwoThreads_GivesTheSameVerdictsAsOneThread()
    {
        const int count = 40; // ≥ 32: split into two parts of 20
        float[] windows = TinyDetector.Windows(count, seed: 13);
        windows[(33 * Window) + 5] = float.NaN; // an imputed window in the second part
        WindowScore[] serial = new WindowScore[count], split = new WindowScore[count];
        float[] serialContributions = new float[count * TinyDetector.D], splitContributions = new float[count * TinyDetector.D];
        TinyDetector.Detector.CreateScorer(count).Score(windows, count, serial, serialContributions, default);
        TinyDetector.Detector.CreateScorer(count, threads: 2).Score(windows, count, split, splitContributions, default);
        for (int b = 0; b < count; b++)
        {
            Assert.Equal(serial[b].Status, split[b].Status);
            Assert.Equal(serial[b].Anomalous, split[b].Anomalous);
            Assert.Equal(serial[b].Score, split[b].Score, 1e-5 * Math.Max(1, Math.Abs(serial[b].Score))); // part sizes change GEMM blocking: float rounding only
        }

        Assert.Equal(WindowStatus.Imputed, split[33].Status);
        Assert.Equal(serialContributions, splitContributions, (a, b) => Math.Abs(a - b) <= 1e-4f);
    }

    [Fact]
    public void Score_FewMissingCells_ImputesCloseToTheCompleteScore()
    {
        float[] windows = TinyDetector.Windows(1, seed: 13);
        WindowScore[] complete = new WindowScore[1];
        DetectorScorer scorer = TinyDetector.Detector.CreateScorer(1);
        scorer.Score(windows, 1, complete, default, default);
        windows[4] = float.NaN;
        windows[20] = float.NaN;
        WindowScore[] gaps = new WindowScore[1];
        scorer.Score(windows, 1, gaps, default, default);
        Assert.Equal(WindowStatus.Imputed, gaps[0].Status);
        Assert.Equal(2f / Window, gaps[0].MissingFraction, 1e-6f);
        Assert.False(gaps[0].Anomalous);
        Assert.True(double.IsFinite(gaps[0].Score) && gaps[0].Score < gaps[0].Threshold);
    }

    [Fact]
    public void Score_BadWindows_AreRefusedWithTheirReasons()
    {
        float[] windows = TinyDetector.Windows(3, seed: 14);
        for (int i = 0; i < Window / 2; i++)
        {
            windows[i] = float.NaN; // window 0: half missing
        }

        windows[Window + 5] = float.PositiveInfinity; // window 1
        for (int t = 0; t < TinyDetector.T; t++)
        {
            windows[(2 * Window) + (t * TinyDetector.D) + 1] = float.NaN; // window 2: sensor b missing throughout (1/3 < limit? no: 0.33 > 0.2)
        }

        WindowScore[] results = new WindowScore[3];
        TinyDetector.Detector.CreateScorer(3).Score(windows, 3, results, default, default);
        Assert.Equal((WindowStatus.Refused, RefusalReason.TooManyMissing), (results[0].Status, results[0].Reason));
        Assert.Equal((WindowStatus.Refused, RefusalReason.NonFinite), (results[1].Status, results[1].Reason));
        Assert.Equal(WindowStatus.Refused, results[2].Status);
        Assert.True(double.IsNaN(results[0].Score));
        Assert.False(results[0].Anomalous);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void Score_SteadyState_AllocatesNothing(int residualLags)
    {
        float[] windows = TinyDetector.Windows(4, seed: 15);
        windows[7] = float.NaN; // exercise the imputation path too
        DetectorScorer scorer = (residualLags == 0 ? TinyDetector.Detector : TinyDetector.WithResidual(residualLags)).CreateScorer(4);
        WindowScore[] results = new WindowScore[4];
        float[] contributions = new float[4 * TinyDetector.D];
        float[] latent = new float[4 * TinyDetector.Detector.Architecture.Latent];
        scorer.Score(windows, 4, results, contributions, latent);
        long before = GC.GetAllocatedBytesForCurrentThread();
        scorer.Score(windows, 4, results, contributions, latent);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Score_BatchAboveMaximum_ThrowsNamingTheLimit()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() =>
            TinyDetector.Detector.CreateScorer(1).Score(new float[2 * Window], 2, new WindowScore[2], default, default));
        Assert.Contains("batch ≤ 1", error.Message, StringComparison.Ordinal);
    }
}
