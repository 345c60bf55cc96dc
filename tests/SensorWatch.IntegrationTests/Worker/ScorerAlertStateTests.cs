using SensorWatch.IntegrationTests.Infrastructure;

namespace SensorWatch.IntegrationTests.Worker;

/// <summary>
/// Alert state survives restarts and rebalances through the compacted alert-state topic: the replica that receives a
/// partition restores its sensors' state before scoring, so an alert open at the handover is neither re-opened nor
/// left without its <c>resolved</c>. Each sensor sees windows 0..(anomalous run)..normal; k = m = 2.
/// </summary>
public sealed class ScorerAlertStateTests
{
    private static readonly string[] s_sensors = ["s-a", "s-b", "s-c", "s-d", "s-e", "s-f"];

    [Theory, EmbeddedKafka, ContainerKafka]
    public async Task Scorer_RebalanceWhileAlertsOpen_NoDuplicateOpenAndEveryResolveArrives(KafkaBackend backend)
    {
        await using WorkerTestKit kit = await WorkerTestKit.StartAsync(backend, partitions: 2);
        string state = await kit.Kafka.CreateTopicAsync("alert-state", 2);
        RunningWorker first = await kit.StartWorkerAsync("w1", s => s["Kafka:Topics:AlertState"] = state, store: new InMemoryModelStore(TestModels.Default()));
        await kit.ProduceAsync(Windows(0, 6, anomalousFrom: 2));
        await first.WaitUntilAsync(p => p.AlertsOpened == s_sensors.Length && p.Finished == 6 * s_sensors.Length, TimeSpan.FromSeconds(30), "every sensor's alert open");

        RunningWorker second = await kit.StartWorkerAsync("w2", s => s["Kafka:Topics:AlertState"] = state, store: new InMemoryModelStore(TestModels.Default()));
        await second.WaitUntilAsync(p => p.AssignedPartitions.Count == 1 && first.Progress.AssignedPartitions.Count == 1, TimeSpan.FromSeconds(30), "one partition each");
        await kit.ProduceAsync(Windows(6, 12, anomalousFrom: 6, normalFrom: 8));   // still anomalous, then normal: resolves

        List<OutputView> alerts = kit.ReadUntil(kit.Alerts, records => records.Count(r => r.Field("state") == "resolved") >= s_sensors.Length, TimeSpan.FromSeconds(40));
        alerts = kit.ReadAll(kit.Alerts, TimeSpan.FromSeconds(1));

        AssertOneOpenOneResolvedPerSensor(alerts);
        Assert.True(second.Progress.AlertsResolved > 0, "the second scorer must have taken over sensors with an open alert for this test to mean anything");
        Assert.Equal(0, second.Progress.AlertsOpened);
        Assert.Null(first.Exit.Reason);
        Assert.Null(second.Exit.Reason);
    }

    [Theory, EmbeddedKafka, ContainerKafka]
    public async Task Scorer_RestartWithAlertOpen_NoSecondOpenAndResolvedUnderTheSameId(KafkaBackend backend)
    {
        await RestartAsync(backend, exactlyOnce: false);
    }

    [Theory, EmbeddedKafka, ContainerKafka]
    public async Task Scorer_ExactlyOnceRestartWithAlertOpen_ResolvedUnderTheSameIdNoSecondOpen(KafkaBackend backend)
    {
        await RestartAsync(backend, exactlyOnce: true);
    }

    private static async Task RestartAsync(KafkaBackend backend, bool exactlyOnce)
    {
        await using WorkerTestKit kit = await WorkerTestKit.StartAsync(backend, partitions: 2);
        string state = await kit.Kafka.CreateTopicAsync("alert-state", 2);
        void Configure(Dictionary<string, string?> settings)
        {
            settings["Kafka:Topics:AlertState"] = state;
            if (exactlyOnce)
            {
                settings["Kafka:Guarantee"] = "ExactlyOnce";
            }
        }

        RunningWorker first = await kit.StartWorkerAsync("w", Configure, store: new InMemoryModelStore(TestModels.Default()));
        await kit.ProduceAsync(Windows(0, 6, anomalousFrom: 2));
        await first.WaitUntilAsync(p => p.AlertsOpened == s_sensors.Length && p.Finished == 6 * s_sensors.Length, TimeSpan.FromSeconds(30), "every sensor's alert open");
        await first.StopAsync();

        await kit.ProduceAsync(Windows(6, 12, anomalousFrom: 6, normalFrom: 8));
        RunningWorker second = await kit.StartWorkerAsync("w", Configure, store: new InMemoryModelStore(TestModels.Default()));
        await second.WaitUntilAsync(p => p.AlertsResolved == s_sensors.Length, TimeSpan.FromSeconds(30), "every alert resolved after the restart");
        List<OutputView> alerts = kit.ReadAll(kit.Alerts, TimeSpan.FromSeconds(1));

        AssertOneOpenOneResolvedPerSensor(alerts);
        Assert.Equal(0, second.Progress.AlertsOpened);
        Assert.Null(first.Exit.Reason);
        Assert.Null(second.Exit.Reason);
    }

    private static void AssertOneOpenOneResolvedPerSensor(List<OutputView> alerts)
    {
        foreach (string sensor in s_sensors)
        {
            List<OutputView> mine = [.. alerts.Where(alert => alert.Key == sensor)];
            OutputView open = Assert.Single(mine, alert => alert.Field("state") == "open");
            OutputView resolved = Assert.Single(mine, alert => alert.Field("state") == "resolved");
            Assert.Equal(open.Field("alertId"), resolved.Field("alertId"));
        }
    }

    /// <summary>Windows [from, to) of every sensor; anomalous from <paramref name="anomalousFrom"/> until <paramref name="normalFrom"/>.</summary>
    private static List<(string, string)> Windows(int from, int to, int anomalousFrom, int normalFrom = int.MaxValue) =>
        [.. Enumerable.Range(from, to - from).SelectMany(i => s_sensors.Select(sensor => (sensor, WindowJson.Window(sensor, i, i >= anomalousFrom && i < normalFrom))))];
}
