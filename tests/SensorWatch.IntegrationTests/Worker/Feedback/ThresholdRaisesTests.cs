using SensorWatch.Roles.Scorer.Feedback;

namespace SensorWatch.IntegrationTests.Worker.Feedback;

public sealed class ThresholdRaisesTests
{
    [Fact]
    public void FalsePositive_KnownScore_RaisesJustAboveIt()
    {
        ThresholdRaises raises = new();

        double raised = raises.FalsePositive("pump", "v1", calibrated: 4.0, score: 5.0);

        Assert.Equal(5.0 * (1 + ThresholdRaises.Margin), raised, 12);
        Assert.Equal(raised, raises.For("pump", "v1"), 12);
        Assert.True(double.IsNaN(raises.For("valve", "v1")), "another key keeps its calibrated threshold");
    }

    [Fact]
    public void Restore_CheckpointedRaises_SameVersionHigherWinsOtherVersionNeverReplaces()
    {
        ThresholdRaises raises = new();
        double raised = raises.FalsePositive("pump", "v1", calibrated: 4.0, score: 5.0);
        Assert.Equal(("v1", raised), raises.Current("pump"));

        raises.Restore("pump", "v1", 4.5);      // an older, lower raise of the same version
        Assert.Equal(raised, raises.For("pump", "v1"), 12);
        raises.Restore("pump", "v1", 7.0);      // another sensor's checkpoint carried a higher one
        Assert.Equal(7.0, raises.For("pump", "v1"), 12);
        raises.Restore("pump", "v0", 7.5);      // a raise of another version does not replace the one in force
        Assert.Equal(7.0, raises.For("pump", "v1"), 12);

        ThresholdRaises restarted = new();
        restarted.Restore("valve", "v2", 3.0);
        restarted.Restore("fan", "v2", double.NaN);
        Assert.Equal(3.0, restarted.Effective("valve", "v2", calibrated: 2.0), 12);
        Assert.Equal(2.0, restarted.Effective("valve", "v3", calibrated: 2.0), 12);   // a new version served: its own calibration
        Assert.Null(restarted.Current("fan"));
    }

    [Fact]
    public void FalsePositive_UnknownScore_RaisesByStepAndAccumulates()
    {
        ThresholdRaises raises = new();

        raises.FalsePositive("pump", "v1", 4.0, double.NaN);
        double second = raises.FalsePositive("pump", "v1", 4.0, double.NaN);

        Assert.Equal(4.0 * (1 + ThresholdRaises.Step) * (1 + ThresholdRaises.Step), second, 12);
    }

    [Fact]
    public void FalsePositive_HugeScore_CappedAtMaxFactor()
    {
        ThresholdRaises raises = new();

        double raised = raises.FalsePositive("pump", "v1", 4.0, 1000.0);

        Assert.Equal(4.0 * ThresholdRaises.MaxFactor, raised, 12);
    }

    [Fact]
    public void FalsePositive_ScoreBelowCurrentRaise_NeverLowers()
    {
        ThresholdRaises raises = new();
        raises.FalsePositive("pump", "v1", 4.0, 6.0);

        double raised = raises.FalsePositive("pump", "v1", 4.0, 4.2);

        Assert.Equal(6.0 * (1 + ThresholdRaises.Margin), raised, 12);
    }

    [Fact]
    public void For_NewModelVersionServed_RaiseDropped()
    {
        ThresholdRaises raises = new();
        raises.FalsePositive("pump", "v1", 4.0, 5.0);

        Assert.True(double.IsNaN(raises.For("pump", "v2")));
        Assert.True(double.IsNaN(raises.For("pump", "v1")), "the raise is gone for good once a new version was served");
        Assert.Equal(3.5, raises.Effective("pump", "v2", 3.5));
    }

    [Fact]
    public void FalsePositive_NonPositiveCalibration_LeftAlone()
    {
        ThresholdRaises raises = new();

        Assert.Equal(0.0, raises.FalsePositive("pump", "v1", 0.0, 5.0));
        Assert.Equal(0, raises.Count);
    }
}
