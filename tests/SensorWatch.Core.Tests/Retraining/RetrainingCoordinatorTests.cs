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
            ShadowWindows = 30,
            ShadowAlertRateBudget = 0.1,
            WatchWindows = 60,
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
}
