using SensorWatch.Core.Thresholds;

namespace SensorWatch.Core.Tests.Thresholds;

public sealed class ThresholdCalibratorTests
{
    [Fact]
    public void Calibrate_QuantileOnOneToThousand_LeavesExactlyTheRateAbove()
    {
        double[] scores = [.. Enumerable.Range(1, 1000).Select(i => (double)i).Reverse()];
        ThresholdCalibration calibration = ThresholdCalibrator.Calibrate(scores, ThresholdMethod.Quantile, 0.01);
        Assert.Equal(990, calibration.Threshold);
        Assert.Equal(10, scores.Count(s => s > calibration.Threshold));
        Assert.Equal(1000, ThresholdCalibrator.Calibrate(scores, ThresholdMethod.Quantile, 0.0001).Threshold);
    }

    [Fact]
    public void Calibrate_PeaksOverThresholdOnExponential_RecoversTheQuantileWithinTenPercent()
    {
        Random random = new(42);
        double[] scores = [.. Enumerable.Range(0, 20_000).Select(_ => -Math.Log(1 - random.NextDouble()))];
        ThresholdCalibration calibration = ThresholdCalibrator.Calibrate(scores, ThresholdMethod.PeaksOverThreshold, 0.001);
        double truth = Math.Log(1000); // the exact 99.9 % quantile of Exp(1)
        Assert.InRange(calibration.Threshold, 0.9 * truth, 1.1 * truth);
        Assert.InRange(calibration.TailShape, -0.2, 0.2); // exponential tail: ξ = 0
    }

    [Fact]
    public void Calibrate_PeaksOverThresholdBeyondTheData_ExtrapolatesAboveTheMaximum()
    {
        Random random = new(7);
        double[] scores = [.. Enumerable.Range(0, 20_000).Select(_ => -Math.Log(1 - random.NextDouble()))];
        ThresholdCalibration calibration = ThresholdCalibrator.Calibrate(scores, ThresholdMethod.PeaksOverThreshold, 1e-6);
        Assert.True(calibration.Threshold > scores.Max());
        Assert.InRange(calibration.Threshold, 0.75 * Math.Log(1e6), 1.25 * Math.Log(1e6)); // 50× beyond the data
    }

    [Fact]
    public void Severity_RarerScores_RiseFromZeroToHundred()
    {
        Random random = new(1);
        double[] scores = [.. Enumerable.Range(0, 10_000).Select(_ => -Math.Log(1 - random.NextDouble()))];
        ThresholdCalibration calibration = ThresholdCalibrator.Calibrate(scores, ThresholdMethod.PeaksOverThreshold, 0.01);
        Assert.Equal(0, calibration.Severity(calibration.Threshold * 0.9));
        double low = calibration.Severity(calibration.Threshold + 0.01);
        double mid = calibration.Severity(calibration.Threshold + Math.Log(10)); // about 10× rarer
        Assert.InRange(low, 1, 5);
        Assert.InRange(mid, 25, 42);
        Assert.Equal(100, calibration.Severity(calibration.Threshold + 50));
    }

    [Fact]
    public void Calibrate_BadRate_ThrowsNamingTheValue()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => ThresholdCalibrator.Calibrate([1.0, 2.0], ThresholdMethod.Quantile, 1.5));
        Assert.Contains("1.5", error.Message, StringComparison.Ordinal);
    }
}
