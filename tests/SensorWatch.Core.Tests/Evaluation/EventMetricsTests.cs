using SensorWatch.Core.Evaluation;

namespace SensorWatch.Core.Tests.Evaluation;

public sealed class EventMetricsTests
{
    [Fact]
    public void AtThreshold_HandExample_CountsSegmentsRunsAndDelay()
    {
        EventScore score = EventMetrics.AtThreshold(PointAdjustedMetricsTests.Labels, PointAdjustedMetricsTests.Scores, 0.5);
        Assert.Equal((2, 1, 2, 1), (score.Segments, score.DetectedSegments, score.PredictedRuns, score.TruePredictedRuns));
        Assert.Equal(0.5, score.Recall);
        Assert.Equal(0.5, score.Precision);
        Assert.Equal(1.0, score.MeanDelay);
    }

    [Fact]
    public void AtThreshold_TwoDetectedSegments_AveragesDelays()
    {
        bool[] labels = [true, true, true, false, true, true, true, true];
        double[] scores = [0, 0, 1, 0, 0, 0, 0, 1];
        EventScore score = EventMetrics.AtThreshold(labels, scores, 0.5);
        Assert.Equal(2.5, score.MeanDelay);
        Assert.Equal(2.5, score.MedianDelay);
        Assert.Equal(1.0, score.F1);
    }

    [Fact]
    public void AtThreshold_NothingPredicted_ZeroRecallAndNaNDelay()
    {
        EventScore score = EventMetrics.AtThreshold([false, true], [0.1, 0.1], 0.5);
        Assert.Equal(0.0, score.Recall);
        Assert.Equal(0.0, score.Precision);
        Assert.True(double.IsNaN(score.MeanDelay));
    }
}
