namespace SensorWatch.IntegrationTests.Worker;

/// <summary>Scored windows drive the per-sensor alert state machine; alerts go to the alerts topic keyed by sensorId.</summary>
public sealed class ScorerAlertTests
{
    [Fact]
    public async Task Scorer_InjectedAnomalies_OpenAndResolveOneAlertOnlyForThatSensor()
    {
        await using WorkerTestKit kit = await WorkerTestKit.StartAsync();
        RunningWorker worker = await kit.StartWorkerAsync(store: new InMemoryModelStore(TestModels.Default()));
        List<(string, string)> messages = [];
        for (int i = 0; i < 12; i++)
        {
            bool anomalous = i is >= 4 and < 8;          // 4 anomalous windows in a row on s-bad only
            messages.Add(("s-bad", WindowJson.Window("s-bad", i, anomalous)));
            messages.Add(("s-ok", WindowJson.Window("s-ok", i)));
        }

        await kit.ProduceAsync(messages);
        await worker.WaitUntilAsync(p => p.Scored == 24, TimeSpan.FromSeconds(20), "all 24 windows scored");
        List<OutputView> alerts = kit.ReadUntil(kit.Alerts, records => records.Any(r => r.Field("state") == "resolved"), TimeSpan.FromSeconds(20));

        Assert.All(alerts, alert => Assert.Equal("s-bad", alert.Key));
        OutputView open = Assert.Single(alerts, alert => alert.Field("state") == "open");
        OutputView resolved = Assert.Single(alerts, alert => alert.Field("state") == "resolved");
        Assert.Equal(open.Field("alertId"), resolved.Field("alertId"));
        Assert.Equal("default", open.Field("model"));
        Assert.Contains("\"feature\"", open.Value, StringComparison.Ordinal);
        Assert.Equal(1, worker.Progress.AlertsOpened);
        Assert.Equal(1, worker.Progress.AlertsResolved);
    }

    [Fact]
    public async Task Scorer_NormalDataOnly_NoAlerts()
    {
        await using WorkerTestKit kit = await WorkerTestKit.StartAsync();
        RunningWorker worker = await kit.StartWorkerAsync(store: new InMemoryModelStore(TestModels.Default()));
        await kit.ProduceAsync(Enumerable.Range(0, 40).Select(i => ($"s-{i % 4}", WindowJson.Window($"s-{i % 4}", i / 4))));

        await worker.WaitUntilAsync(p => p.Scored == 40 && p.Finished == 40, TimeSpan.FromSeconds(20), "40 windows scored and acknowledged");
        List<OutputView> scores = kit.ReadAll(kit.Scores, TimeSpan.FromSeconds(1));

        Assert.Equal(40, scores.Count);
        Assert.All(scores, score => Assert.Equal("false", score.Field("anomalous")));
        Assert.Equal(0, worker.Progress.AlertsOpened);
        Assert.Empty(kit.ReadAll(kit.Alerts, TimeSpan.FromMilliseconds(500)));
    }
}
