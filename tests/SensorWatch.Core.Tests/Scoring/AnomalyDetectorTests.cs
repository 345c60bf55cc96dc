using SensorWatch.Core.Preprocessing;
using SensorWatch.Core.Scoring;

namespace SensorWatch.Core.Tests.Scoring;

public sealed class AnomalyDetectorTests
{
    [Fact]
    public void Train_CoupledSines_CalibratesAFiniteThresholdNearTheTargetRate()
    {
        AnomalyDetector detector = TinyDetector.Detector;
        Assert.True(detector.Metadata.Converged, detector.Metadata.FailureReason);
        Assert.True(double.IsFinite(detector.Calibration.Threshold) && detector.Calibration.Threshold > 0);
        Assert.InRange(detector.Metadata.CalibrationAlarmRate, 0, 0.05);
        Assert.True(detector.Metadata.TrainLosses[^1] < detector.Metadata.TrainLosses[0]);
        Assert.Equal(ScoreMode.Mahalanobis, detector.Statistics.Mode);
        Assert.Equal(["a", "b", "c"], detector.FeatureNames);
    }

    [Fact]
    public void Train_FreshNormalStream_FlagsFewWindows()
    {
        float[] windows = TinyDetector.Windows(100, seed: 21);
        WindowScore[] results = new WindowScore[100];
        TinyDetector.Detector.CreateScorer(100).Score(windows, 100, results, default, default);
        Assert.True(results.Count(r => r.Anomalous) <= 5, $"{results.Count(r => r.Anomalous)} of 100 normal windows flagged");
    }

    [Fact]
    public void Train_BrokenRelation_ScoresAboveThreshold()
    {
        // b normally follows 0.8·sin; here it moves against a while each stays in its normal range.
        float[] windows = TinyDetector.Windows(1, seed: 22);
        for (int t = 0; t < TinyDetector.T; t++)
        {
            float a = windows[t * TinyDetector.D] - 10;
            windows[(t * TinyDetector.D) + 1] = 50 - (0.8f * a);
        }

        WindowScore[] results = new WindowScore[1];
        TinyDetector.Detector.CreateScorer(1).Score(windows, 1, results, default, default);
        Assert.True(results[0].Anomalous, $"score {results[0].Score} threshold {results[0].Threshold}");
    }

    [Fact]
    public void Train_VariationalFromWindows_ScoresByNllAndFlagsASpike()
    {
        float[] train = TinyDetector.Windows(240, seed: 51);
        WindowSet windows = new(["a", "b", "c"], TinyDetector.T, [.. Enumerable.Range(0, 240).Select(i => $"w{i}")], train);
        AnomalyDetector detector = AnomalyDetector.Train(windows, TinyDetector.Options with { Variant = SensorWatch.Core.Model.AutoencoderVariant.Variational });
        Assert.Equal(ScoreMode.GaussianNll, detector.Statistics.Mode);
        Assert.Equal(48, detector.Metadata.CalibrationWindows);
        float[] test = TinyDetector.Windows(2, seed: 52);
        test[TinyDetector.T * TinyDetector.D + 5] += 6f; // window 1, step 1, sensor c
        WindowScore[] results = new WindowScore[2];
        detector.CreateScorer(2).Score(test, 2, results, default, default);
        Assert.False(results[0].Anomalous);
        Assert.True(results[1].Anomalous, $"score {results[1].Score} threshold {results[1].Threshold}");
        Assert.True(results[1].Score > results[0].Score);
    }

    [Fact]
    public void Train_TooFewRows_ThrowsSayingHowMany()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => AnomalyDetector.Train(TinyDetector.Table(10, 1), TinyDetector.Options));
        Assert.Contains("found 10", error.Message, StringComparison.Ordinal);
    }
}
