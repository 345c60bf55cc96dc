using SensorWatch.Core.Preprocessing;
using SensorWatch.Core.Retraining;
using SensorWatch.Core.Scoring;
using SensorWatch.Core.Tests.Scoring;

namespace SensorWatch.Core.Tests.Retraining;

public sealed class HoldoutEvaluatorTests
{
    private static readonly PromotionGate s_gate = new(new PromotionGateOptions { TargetFalseAlarmRate = 0.05, HoldoutTolerance = 0.05 });

    [Fact]
    public void Evaluate_CandidateTrainedOnSameCleanData_NotWorseThanItself()
    {
        float[] holdout = TinyDetector.Windows(40, seed: 9);
        CandidateReport report = HoldoutEvaluator.Evaluate(TinyDetector.Detector, TinyDetector.Detector, holdout, 40);
        Assert.Equal(report.CurrentHoldoutLoss, report.CandidateHoldoutLoss);
        Assert.True(report.CandidateHoldoutLoss > 0);
        Assert.Equal(40, report.HoldoutWindows);
    }

    [Fact]
    public void Evaluate_CandidateTrainedOnPoisonedSample_RejectedWithReason()
    {
        // Poison: a third of the training rows carry injected level-shift anomalies of 6 units on sensor a.
        SensorTable clean = TinyDetector.Table(900, seed: 1);
        float[] values = [.. clean.Values];
        for (int r = 0; r < 900; r++)
        {
            if (r % 90 < 30)
            {
                values[r * TinyDetector.D] += 6f;
            }
        }

        AnomalyDetector poisoned = AnomalyDetector.Train(new SensorTable(clean.FeatureNames, clean.Timestamps, values), TinyDetector.Options);
        float[] holdout = TinyDetector.Windows(40, seed: 9);
        CandidateReport report = HoldoutEvaluator.Evaluate(poisoned, TinyDetector.Detector, holdout, 40);
        GateDecision decision = s_gate.EvaluateOffline(report);
        Assert.True(decision is { Outcome: GateOutcome.Reject, Reason: GateReason.WorseOnHoldout }, decision.ToString());
    }

    [Fact]
    public void Evaluate_CandidateTrainedOnFreshCleanSample_PassesOfflineChecks()
    {
        AnomalyDetector fresh = AnomalyDetector.Train(TinyDetector.Table(900, seed: 2), TinyDetector.Options);
        CandidateReport report = HoldoutEvaluator.Evaluate(fresh, TinyDetector.Detector, TinyDetector.Windows(40, seed: 9), 40);
        GateDecision decision = s_gate.EvaluateOffline(report);
        Assert.True(decision.Outcome == GateOutcome.StartShadow, decision.ToString());
    }

    [Fact]
    public void Evaluate_WrongHoldoutLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => HoldoutEvaluator.Evaluate(TinyDetector.Detector, null, new float[5], 1));
    }
}
