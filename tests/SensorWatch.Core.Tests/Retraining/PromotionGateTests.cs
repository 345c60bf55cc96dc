using SensorWatch.Core.Retraining;

namespace SensorWatch.Core.Tests.Retraining;

public sealed class PromotionGateTests
{
    private static readonly PromotionGate s_gate = new(new PromotionGateOptions
    {
        HoldoutTolerance = 0.05,
        TargetFalseAlarmRate = 0.02,
        MinHoldoutWindows = 20,
        ShadowWindows = 100,
        ShadowAlertRateBudget = 0.05,
        WatchWindows = 200,
        RollbackFactor = 3,
        MinBaselineAlertRate = 0.01,
        MinWatchWindows = 50,
    });

    private static CandidateReport Good() => new(true, null, [1.0, 0.6, 0.4], 100, 0.40, 0.42, 1);

    [Fact]
    public void EvaluateOffline_GoodCandidate_StartsShadow()
    {
        GateDecision decision = s_gate.EvaluateOffline(Good());
        Assert.Equal(GateOutcome.StartShadow, decision.Outcome);
        Assert.Equal(GateReason.OfflineChecksPassed, decision.Reason);
        Assert.Contains("0.42", decision.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void EvaluateOffline_FirstModelWithoutCurrent_StartsShadow()
    {
        Assert.Equal(GateOutcome.StartShadow, s_gate.EvaluateOffline(Good() with { CurrentHoldoutLoss = null }).Outcome);
    }

    [Fact]
    public void EvaluateOffline_TrainerReportsNotConverged_RejectedWithTrainerReason()
    {
        GateDecision decision = s_gate.EvaluateOffline(Good() with { Converged = false, FailureReason = "gradient norm NaN at epoch 2" });
        Assert.Equal((GateOutcome.Reject, GateReason.NotConverged), (decision.Outcome, decision.Reason));
        Assert.Contains("gradient norm NaN", decision.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void EvaluateOffline_PoisonedWithNonFiniteLoss_RejectedNonFinite(double loss)
    {
        GateDecision decision = s_gate.EvaluateOffline(Good() with { TrainLosses = [1.0, loss, 0.3] });
        Assert.Equal((GateOutcome.Reject, GateReason.NonFinite), (decision.Outcome, decision.Reason));
        Assert.Contains("loss 2 of 3", decision.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void EvaluateOffline_NonFiniteHoldoutLoss_RejectedNonFinite()
    {
        Assert.Equal(GateReason.NonFinite, s_gate.EvaluateOffline(Good() with { CandidateHoldoutLoss = double.NaN }).Reason);
    }

    [Theory]
    [InlineData(new[] { 0.5, 0.6 })]
    [InlineData(new[] { 0.5, 0.5 })]
    [InlineData(new[] { 0.5 })]
    public void EvaluateOffline_LossNotDecreasing_Rejected(double[] losses)
    {
        Assert.Equal(GateReason.LossDidNotDecrease, s_gate.EvaluateOffline(Good() with { TrainLosses = losses }).Reason);
    }

    [Fact]
    public void EvaluateOffline_HoldoutTooSmall_Rejected()
    {
        Assert.Equal(GateReason.HoldoutTooSmall, s_gate.EvaluateOffline(Good() with { HoldoutWindows = 19, CandidateHoldoutAlarms = 0 }).Reason);
    }

    [Fact]
    public void EvaluateOffline_WorseOnHoldoutBeyondTolerance_Rejected()
    {
        // Anomalies injected into the sample: the candidate reconstructs normal windows worse than the current model.
        GateDecision decision = s_gate.EvaluateOffline(Good() with { CandidateHoldoutLoss = 0.42 * 1.06 });
        Assert.Equal((GateOutcome.Reject, GateReason.WorseOnHoldout), (decision.Outcome, decision.Reason));
        Assert.Equal(GateOutcome.StartShadow, s_gate.EvaluateOffline(Good() with { CandidateHoldoutLoss = 0.42 * 1.04 }).Outcome);
    }

    [Fact]
    public void EvaluateOffline_HoldoutFalseAlarmsAboveTarget_Rejected()
    {
        Assert.Equal(GateOutcome.StartShadow, s_gate.EvaluateOffline(Good() with { CandidateHoldoutAlarms = 2 }).Outcome); // 2 %
        GateDecision decision = s_gate.EvaluateOffline(Good() with { CandidateHoldoutAlarms = 3 });
        Assert.Equal(GateReason.HoldoutFalseAlarmsAboveTarget, decision.Reason);
        Assert.Contains("3 of 100", decision.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void EvaluateShadow_BeforeEnd_PendingThenPromoteWithinBudget()
    {
        Assert.Equal(GateOutcome.Pending, s_gate.EvaluateShadow(99, 5).Outcome);
        GateDecision decision = s_gate.EvaluateShadow(100, 5);
        Assert.Equal((GateOutcome.Promote, GateReason.ShadowPassed), (decision.Outcome, decision.Reason));
    }

    [Fact]
    public void EvaluateShadow_AlertsOverBudget_RejectedEarly()
    {
        GateDecision decision = s_gate.EvaluateShadow(30, 6);
        Assert.Equal((GateOutcome.Reject, GateReason.ShadowAlertRateOverBudget), (decision.Outcome, decision.Reason));
    }

    [Fact]
    public void EvaluateWatch_SpikeAboveFactor_RollsBack()
    {
        // baseline 2 %: limit 6 %; 4 alerts in 50 = 8 %.
        GateDecision decision = s_gate.EvaluateWatch(50, 4, 0.02);
        Assert.Equal((GateOutcome.RollBack, GateReason.AlertRateSpike), (decision.Outcome, decision.Reason));
        Assert.Equal(GateOutcome.Pending, s_gate.EvaluateWatch(50, 3, 0.02).Outcome);
    }

    [Fact]
    public void EvaluateWatch_TooFewWindowsOrZeroBaseline_UsesMinimumsNotSingleAlert()
    {
        Assert.Equal(GateOutcome.Pending, s_gate.EvaluateWatch(10, 3, 0.02).Outcome);       // under MinWatchWindows
        Assert.Equal(GateOutcome.Pending, s_gate.EvaluateWatch(100, 3, 0.0).Outcome);       // floor 1 % → limit 3 %
        Assert.Equal(GateOutcome.RollBack, s_gate.EvaluateWatch(100, 4, 0.0).Outcome);
    }

    [Fact]
    public void EvaluateWatch_QuietPeriod_Keeps()
    {
        GateDecision decision = s_gate.EvaluateWatch(200, 2, 0.02);
        Assert.Equal((GateOutcome.Keep, GateReason.WatchPassed), (decision.Outcome, decision.Reason));
    }

    [Fact]
    public void Constructor_BadOptions_Throws()
    {
        Assert.Throws<ArgumentException>(() => new PromotionGate(new PromotionGateOptions { RollbackFactor = 0.5 }));
    }
}
