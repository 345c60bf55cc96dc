using SensorWatch.Core.Scoring;

namespace SensorWatch.Core.Tests.Scoring;

public sealed class FlatlineRuleTests
{
    [Fact]
    public void Fit_NoisyAndConstantColumns_SetsLimitsFromLongestRun()
    {
        // column 0 varies with one run of 3 equal values; column 1 is constant over 50 rows
        float[] rows = new float[50 * 2];
        for (int r = 0; r < 50; r++)
        {
            rows[r * 2] = r is 10 or 11 ? 9 : r;
            rows[(r * 2) + 1] = 4;
        }

        FlatlineRule rule = FlatlineRule.Fit(rows, 2);
        Assert.Equal(FlatlineRule.MinimumRun, rule.Limits[0]); // 2 × 3 = 6 < 8
        Assert.Equal(100, rule.Limits[1]);
    }

    [Fact]
    public void Evaluate_RunEndingAtLastStep_CountsOnlyTheCurrentRun()
    {
        FlatlineRule rule = new([4, 100]);
        float[] window = [1, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0]; // (T 6, D 2): feature 0 stuck for the last 5 steps
        (double ratio, int feature) = rule.Evaluate(window);
        Assert.Equal(0, feature);
        Assert.Equal(5.0 / 4, ratio, 12);
        window[^2] = 3; // the run is broken at the last step
        Assert.True(rule.Evaluate(window).Ratio < 1);
    }

    [Fact]
    public void Score_StuckSensor_IsAnomalousWithThatTopFeature()
    {
        float[] windows = TinyDetector.Windows(1, seed: 41);
        int d = TinyDetector.D;
        for (int t = 2; t < TinyDetector.T; t++)
        {
            windows[(t * d) + 1] = windows[(1 * d) + 1]; // sensor b repeats its reading for the last 10 steps
        }

        WindowScore[] results = new WindowScore[1];
        TinyDetector.Detector.CreateScorer(1).Score(windows, 1, results, default, default);
        Assert.NotNull(TinyDetector.Detector.Flatline);
        Assert.True(results[0].Anomalous, $"score {results[0].Score} threshold {results[0].Threshold}");
        Assert.Equal(1, results[0].TopFeature);
    }
}
