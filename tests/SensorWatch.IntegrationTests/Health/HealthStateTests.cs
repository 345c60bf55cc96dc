using SensorWatch.Health;
using SensorWatch.IntegrationTests.Telemetry;

namespace SensorWatch.IntegrationTests.Health;

public sealed class HealthStateTests
{
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public void GetReadiness_JustStarted_NotReadyWithAllThreeReasons()
    {
        HealthState state = new(TimeSpan.FromSeconds(30), _clock);

        HealthReport report = state.GetReadiness();

        Assert.False(report.Healthy);
        Assert.Equal("not_ready", report.Status);
        Assert.Equal(3, report.Reasons.Count);
        Assert.Contains(report.Reasons, r => r.StartsWith("consumer:", StringComparison.Ordinal));
        Assert.Contains(report.Reasons, r => r.StartsWith("models:", StringComparison.Ordinal));
        Assert.Contains(report.Reasons, r => r.StartsWith("kafka:", StringComparison.Ordinal));
    }

    [Fact]
    public void GetReadiness_AwaitingAssignmentWithProbationModel_Ready()
    {
        HealthState state = new(TimeSpan.FromSeconds(30), _clock);
        state.MarkAwaitingAssignment();
        state.SetModelProbation("pump");
        state.SetKafkaReachable();

        HealthReport report = state.GetReadiness();

        Assert.True(report.Healthy);
        Assert.Empty(report.Reasons);
        Assert.Contains(report.Checks, c => c.Detail == "pump in probation");
        Assert.Contains(report.Checks, c => c.Detail == "awaiting assignment");
    }

    [Fact]
    public void GetReadiness_KafkaUnreachableAfterReady_NotReadyNamingTheCause()
    {
        HealthState state = new(TimeSpan.FromSeconds(30), _clock);
        state.SetAssignedPartitions(4);
        state.SetModelLoaded("pump", 3);
        state.SetKafkaReachable();

        state.SetKafkaUnreachable("all brokers down");
        HealthReport report = state.GetReadiness();

        Assert.False(report.Healthy);
        Assert.Equal(["kafka: all brokers down"], report.Reasons);
    }

    [Fact]
    public void GetReadiness_IdleWorkerWithAssignment_ReadyWithoutAnyMessage()
    {
        HealthState state = new(TimeSpan.FromSeconds(30), _clock);
        state.MarkAwaitingAssignment();
        state.SetModelProbation("default");

        HealthReport before = state.GetReadiness();
        state.SetAssignedPartitions(4);
        HealthReport after = state.GetReadiness();

        Assert.Equal(["kafka: not contacted yet"], before.Reasons);
        Assert.True(after.Healthy);
    }

    [Fact]
    public void GetLiveness_LoopSilentBeyondBudget_StalledUntilItBeatsAgain()
    {
        HealthState state = new(TimeSpan.FromSeconds(30), _clock);
        state.RegisterLoop("consume");

        _clock.Advance(TimeSpan.FromSeconds(31));
        HealthReport stalled = state.GetLiveness();
        state.Beat("consume");
        HealthReport alive = state.GetLiveness();

        Assert.False(stalled.Healthy);
        Assert.Equal("stalled", stalled.Status);
        Assert.Contains("loop consume", stalled.Reasons.Single(), StringComparison.Ordinal);
        Assert.True(alive.Healthy);
    }

    [Fact]
    public void GetLiveness_LoopUnregistered_NoLongerWatched()
    {
        HealthState state = new(TimeSpan.FromSeconds(5), _clock);
        state.Beat("retrain");
        state.UnregisterLoop("retrain");

        _clock.Advance(TimeSpan.FromMinutes(5));

        Assert.True(state.GetLiveness().Healthy);
    }

    [Fact]
    public async Task Beat_ManyThreads_NoLostUpdatesOrExceptions()
    {
        HealthState state = new(TimeSpan.FromSeconds(30), _clock);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
        {
            for (int n = 0; n < 2000; n++)
            {
                state.Beat($"loop-{i % 3}");
                state.SetAssignedPartitions(n % 4);
                _ = state.GetReadiness();
                _ = state.GetLiveness();
            }
        })));

        Assert.Equal(4, state.GetLiveness().Checks.Count);
    }
}
