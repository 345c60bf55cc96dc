using SensorWatch.Core.Model;
using SensorWatch.Core.Retraining;
using SensorWatch.Core.Scoring;
using SensorWatch.Core.Tests.Scoring;

namespace SensorWatch.Core.Tests.Retraining;

public sealed class RetrainingCoordinatorTests
{
    private static RetrainingOptions Options(int minNewWindows = 100, TimeSpan? interval = null) => new()
    {
        Interval = interval ?? TimeSpan.Zero,
        MinNewWindows = minNewWindows,
        MinTrainingWindows = 60,
        Epochs = 6,
        BatchSize = 16,
        LearningRate = 3e-3f,
        ShadowBatchSize = 8,
        Sample = new AcceptedSampleOptions { ReservoirSize = 200, RecentSize = 60, AlertMarginMs = 24_000, MinScoreHistory = 30 },
        Gate = new PromotionGateOptions
        {
            TargetFalseAlarmRate = 0.05,
            MinHoldoutWindows = 20,
            ShadowWindows = 20,
            ShadowAlertRateBudget = 0.1,
            WatchWindows = 40,
            MinWatchWindows = 20,
            RollbackFactor = 3,
            MinBaselineAlertRate = 0.02,
        },
    };

    [Fact]
    public void Poll_CountSchedule_TrainsOnlyOnceEnoughWindowsWereAdmitted()
    {
        using CoordinatorHarness harness = new(Options(minNewWindows: 100), TinyDetector.Detector);
        harness.Feed(TinyDetector.Windows(90, seed: 11), 90);
        Assert.Equal(0, harness.Coordinator.Retrains);
        harness.Feed(TinyDetector.Windows(30, seed: 12), 30);
        Assert.Equal(1, harness.Coordinator.Retrains);
    }

    [Fact]
    public void Poll_TimeSchedule_TrainsWhenTheIntervalHasPassed()
    {
        using CoordinatorHarness harness = new(Options(minNewWindows: 0, interval: TimeSpan.FromHours(1)), TinyDetector.Detector);
        harness.Feed(TinyDetector.Windows(100, seed: 11), 100);
        Assert.Equal(0, harness.Coordinator.Retrains);
        harness.Time.Now += TimeSpan.FromMinutes(61);
        harness.Poll();
        Assert.Equal(1, harness.Coordinator.Retrains);
    }

    [Fact]
    public void Poll_GradualDrift_PromotedModelAbsorbsDriftButStillFlagsLevelShift()
    {
        // 400 flat windows fill the sample; then the baseline of a and b rises by 0.1 units (2× the noise σ 0.05; the
        // first model flags about half of the windows there) over 480 windows and stays there for 200 more; a +3 level
        // shift on c hits windows 600-605. Unalerted anomalous windows are admitted (AdmitUnalerted): without it the
        // sample holds only the served model's normal verdicts, lags behind the drift and the loop starves.
        static double Drift(int i) => 0.1 * Math.Clamp(i - 400, 0, 480) / 480;
        const int Count = 1080;
        float[] stream = DriftStream.Windows(Count, seed: 31, Drift);
        DriftStream.LevelShift(stream, 600, 606, 3f);
        using CoordinatorHarness harness = new(Options(minNewWindows: 40) with
        {
            MinTrainingWindows = 300,
            Sample = new AcceptedSampleOptions { ReservoirSize = 400, RecentSize = 100, AlertMarginMs = 24_000, MinScoreHistory = 30, Policy = ReservoirPolicy.Exponential, AdmitUnalerted = true },
            Gate = Options().Gate with { HoldoutTolerance = 0.1, WatchWindows = 30, MinWatchWindows = 15 },
        }, TinyDetector.Detector);
        harness.Feed(stream, Count);

        float[] drifted = DriftStream.Windows(200, seed: 32, _ => Drift(Count));
        double before = DriftStream.AlarmRate(TinyDetector.Detector, drifted, 200);
        double after = DriftStream.AlarmRate(harness.Served, drifted, 200);
        string log = $"retrains {harness.Coordinator.Retrains}, served {harness.ServedVersion}, flagged {harness.Flagged.Count}: "
            + string.Join(Environment.NewLine, harness.Events);
        Assert.True(before > 0.3, $"first model's false-alarm rate on drifted data {before}; {log}");
        Assert.True(after <= 0.05, $"promoted model's false-alarm rate {after} (first model {before}); {log}");

        float[] shifted = DriftStream.Windows(20, seed: 33, _ => Drift(Count));
        DriftStream.LevelShift(shifted, 0, 20, 3f);
        Assert.True(DriftStream.AlarmRate(harness.Served, shifted, 20) >= 0.9, log);
        Assert.True(harness.Flagged.Count(i => i is >= 600 and < 606) >= 5, log);
        Assert.DoesNotContain(harness.Coordinator.Sample.TrainingWindows(), w => w.Offset is >= 600 and < 606);
    }

    [Fact]
    public void Poll_SamplePoisonedWithAnomalies_RejectedWithReasonAndNeverServed()
    {
        // An operator wrongly marks 100 level-shifted windows (+3 on c) as false positives among 200; then clean live traffic.
        float[] marked = DriftStream.Windows(200, seed: 41, _ => 0);
        for (int i = 0; i < 200; i += 2)
        {
            DriftStream.LevelShift(marked, i, i + 1, 3f);
        }

        using CoordinatorHarness harness = new(Options(minNewWindows: 260) with { Sample = Options().Sample with { ReservoirSize = 400 } }, TinyDetector.Detector);
        harness.AdmitFalsePositives(marked, 200);
        harness.Feed(DriftStream.Windows(100, seed: 42, _ => 0), 100);
        RetrainEvent rejected = Assert.Single(harness.Events, e => e.Outcome == RetrainOutcome.Rejected);
        Assert.True(rejected.Reason is GateReason.WorseOnHoldout or GateReason.HoldoutFalseAlarmsAboveTarget, rejected.ToString());
        Assert.Contains("holdout", rejected.Text, StringComparison.Ordinal);
        Assert.Equal("v1", harness.ServedVersion);
        Assert.DoesNotContain(harness.Actions, a => a.Kind == RetrainActionKind.Promote);
    }

    [Fact]
    public void Observe_WindowsWithNaN_NeverAdmitted()
    {
        float[] windows = DriftStream.Windows(80, seed: 43, _ => 0);
        for (int i = 0; i < 80; i += 4)
        {
            windows[(i * TinyDetector.T * TinyDetector.D) + 5] = float.NaN;
        }

        using CoordinatorHarness harness = new(Options(minNewWindows: 1000), TinyDetector.Detector);
        harness.AdmitFalsePositives(windows, 80);
        harness.Feed(windows, 80);
        Assert.DoesNotContain(harness.Coordinator.Sample.TrainingWindows(), w => w.Values.Any(float.IsNaN));
        Assert.True(harness.Coordinator.Sample.Composition.Excluded(ExclusionReason.NotNormal) >= 40);
    }

    [Fact]
    public void Poll_ServedModelWithNaNWeights_CandidateRejectedWithReasonNotThrown()
    {
        // A corrupted served network (NaN weights) poisons the warm start: the training diverges and must come out as a rejection.
        LstmAutoencoder model = TinyDetector.Detector.Model;
        LstmAutoencoder broken = LstmAutoencoder.FromParameters(model.Architecture,
            [.. model.Parameters.Select(p => new NamedTensor(p.Name, p.Shape, [.. p.Data.Select(_ => float.NaN)]))]);
        AnomalyDetector d = TinyDetector.Detector;
        AnomalyDetector poisoned = new(broken, d.Standardizer, d.Statistics, d.Calibration, d.FeatureNames, d.Metadata, d.MaxMissingFraction, d.ImputationIterations, d.Flatline);
        using CoordinatorHarness harness = new(Options(minNewWindows: 70), TinyDetector.Detector);
        harness.Coordinator.SetCurrent(poisoned, "v-nan");
        harness.Feed(DriftStream.Windows(100, seed: 44, _ => 0), 100);
        RetrainEvent rejected = Assert.Single(harness.Events, e => e.Outcome == RetrainOutcome.Rejected);
        Assert.True(rejected.Reason is GateReason.NotConverged or GateReason.NonFinite or GateReason.TrainingFailed, rejected.ToString());
        Assert.False(string.IsNullOrWhiteSpace(rejected.Text));
        Assert.Equal(RetrainPhase.Idle, harness.Coordinator.Phase);
    }

    [Fact]
    public void Poll_KeyPinnedWhenCandidatePasses_RejectedPinnedAndServedModelStays()
    {
        // The same candidate as in the rollback test below (operators mark a re-tuned regime as normal; it passes shadow on
        // it), but an operator pinned the key: it is rejected with reason Pinned and the coordinator keeps serving v1.
        int asked = 0;
        using CoordinatorHarness harness = new(Options(minNewWindows: 200) with { MinTrainingWindows = 200 }, TinyDetector.Detector);
        harness.Coordinator.PinCheck = () =>
        {
            asked++;
            return "pinned to v1 by an operator";
        };
        harness.AdmitFalsePositives(DriftStream.Windows(220, seed: 45, _ => 0.1), 220);
        float[] retuned = DriftStream.Windows(40, seed: 46, _ => 0.1);
        for (int i = 0; i < 40 && harness.Actions.Count == 0; i++)
        {
            harness.Feed(retuned.AsSpan(i * TinyDetector.T * TinyDetector.D).ToArray(), 1);
        }

        RetrainAction rejected = Assert.Single(harness.Actions);
        Assert.Equal(RetrainActionKind.Rejected, rejected.Kind);
        Assert.Equal(GateReason.Pinned, rejected.Decision!.Reason);
        Assert.Contains("pinned to v1 by an operator", rejected.Decision.Text, StringComparison.Ordinal);
        Assert.Contains("shadow windows", rejected.Decision.Text, StringComparison.Ordinal);   // it did pass the shadow run
        Assert.Equal(1, asked);
        Assert.Equal("v1", harness.Coordinator.CurrentVersion);
        Assert.Same(TinyDetector.Detector, harness.Coordinator.Current);
        Assert.Equal(RetrainPhase.Idle, harness.Coordinator.Phase);
        Assert.Equal(RetrainOutcome.Rejected, Assert.Single(harness.Events).Outcome);
    }

    [Fact]
    public void Poll_AlertSpikeAfterPromotion_RollsBackToPreviousModel()
    {
        // Operators mark a re-tuned regime (+0.1 on a and b) as normal; the candidate learns it and passes shadow on it;
        // then the plant returns to the old regime: the promoted model alarms where the previous one does not → rollback.
        using CoordinatorHarness harness = new(Options(minNewWindows: 200) with { MinTrainingWindows = 200 }, TinyDetector.Detector);
        harness.AdmitFalsePositives(DriftStream.Windows(220, seed: 45, _ => 0.1), 220);
        float[] retuned = DriftStream.Windows(40, seed: 46, _ => 0.1);
        for (int i = 0; i < 40 && harness.Actions.Count == 0; i++)
        {
            harness.Feed(retuned.AsSpan(i * TinyDetector.T * TinyDetector.D).ToArray(), 1);
        }

        RetrainAction promote = Assert.Single(harness.Actions);
        Assert.Equal(RetrainActionKind.Promote, promote.Kind);
        Assert.Equal(promote.Version, harness.Coordinator.CurrentVersion);
        IReadOnlyDictionary<string, string> lineage = promote.Detector!.Metadata.Lineage;
        Assert.Equal("v1", lineage["parentVersion"]);
        Assert.Equal(promote.Version, lineage["version"]);
        Assert.True(lineage.ContainsKey("sample.size") && lineage.ContainsKey("configHash") && lineage.ContainsKey("gate.shadow") && lineage.ContainsKey("seed"));
        Assert.Equal(RetrainPhase.Watching, harness.Coordinator.Phase);

        harness.Feed(DriftStream.Windows(80, seed: 47, _ => 0), 80);
        RetrainAction rollback = Assert.Single(harness.Actions, a => a.Kind == RetrainActionKind.RollBack);
        Assert.Equal("v1", rollback.Version);
        Assert.Same(TinyDetector.Detector, rollback.Detector);
        Assert.Equal(GateReason.AlertRateSpike, rollback.Decision!.Reason);
        Assert.Contains(harness.Events, e => e.Outcome == RetrainOutcome.RolledBack);
    }

    [Fact]
    public void Poll_HostStoppingMidTraining_AbandonsWithoutPromotion()
    {
        using CoordinatorHarness harness = new(Options(minNewWindows: 100) with { Epochs = 1000 }, TinyDetector.Detector);
        harness.Feed(DriftStream.Windows(120, seed: 48, _ => 0), 120, waitForTraining: false);
        Assert.Equal(RetrainPhase.Training, harness.Coordinator.Phase);
        using CancellationTokenSource stopping = new();
        stopping.Cancel();
        Assert.Equal(RetrainActionKind.None, harness.Coordinator.Poll(stopping.Token).Kind);
        Assert.Equal(RetrainPhase.Idle, harness.Coordinator.Phase);
        Assert.True(harness.Coordinator.WaitForTraining(TimeSpan.FromSeconds(30)));
        RetrainEvent abandoned = Assert.Single(harness.Coordinator.DrainEvents());
        Assert.Equal(RetrainOutcome.Abandoned, abandoned.Outcome);
        Assert.Contains("stopping", abandoned.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Actions, a => a.Kind == RetrainActionKind.Promote);
        Assert.Equal("v1", harness.Coordinator.CurrentVersion);
    }

    [Fact]
    public void Dispose_MidTraining_StopsTheTrainingThread()
    {
        CoordinatorHarness harness = new(Options(minNewWindows: 100) with { Epochs = 1000 }, TinyDetector.Detector);
        harness.Feed(DriftStream.Windows(120, seed: 48, _ => 0), 120, waitForTraining: false);
        Assert.Equal(RetrainPhase.Training, harness.Coordinator.Phase);
        harness.Dispose();
        Assert.True(harness.Coordinator.WaitForTraining(TimeSpan.Zero));
    }

    [Fact]
    public void Validate_BadValuesEverywhere_ListsEveryErrorWithItsPath()
    {
        RetrainingOptions bad = new()
        {
            Interval = TimeSpan.FromSeconds(-1),
            MinNewWindows = -1,
            MinTrainingWindows = 1,
            Epochs = 1,
            Threads = 0,
            Sample = new AcceptedSampleOptions { ReservoirSize = 0 },
            Gate = new PromotionGateOptions { ShadowWindows = 0, RollbackFactor = 0.5 },
        };
        IReadOnlyList<string> errors = bad.Validate();
        foreach (string path in new[] { "Retraining:Interval", "Retraining:MinNewWindows", "Retraining:MinTrainingWindows", "Retraining:Epochs",
            "Retraining:Threads", "Retraining:Sample:ReservoirSize", "Retraining:Gate:ShadowWindows", "Retraining:Gate:RollbackFactor" })
        {
            Assert.Contains(errors, e => e.StartsWith(path, StringComparison.Ordinal));
        }

        Assert.Empty(new RetrainingOptions().Validate());
        Assert.Throws<ArgumentException>(() => new RetrainingCoordinator("k", bad, new Random(1), TimeProvider.System));
    }

    [Fact]
    public void SetCurrent_SameVersionAgain_IsIgnored_OtherShape_Throws()
    {
        using CoordinatorHarness harness = new(Options(), TinyDetector.Detector);
        harness.Coordinator.SetCurrent(TinyDetector.Detector, "v1");
        Assert.Equal("v1", harness.Coordinator.CurrentVersion);
        AnomalyDetector other = AnomalyDetector.Train(TinyDetector.Table(300, seed: 5), TinyDetector.Options with { WindowLength = 8 });
        Assert.Throws<ArgumentException>(() => harness.Coordinator.SetCurrent(other, "v9"));
    }
}
