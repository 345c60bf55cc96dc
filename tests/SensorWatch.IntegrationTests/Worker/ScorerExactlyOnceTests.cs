namespace SensorWatch.IntegrationTests.Worker;

/// <summary>Exactly-once mode: transactional outputs, offsets in the transaction; read_committed sees each output once.</summary>
public sealed class ScorerExactlyOnceTests
{
    [Fact]
    public async Task Scorer_ExactlyOnceAcrossRestart_NoDuplicateScoresOrAlerts()
    {
        await using WorkerTestKit kit = await WorkerTestKit.StartAsync(partitions: 2);
        void ExactlyOnce(Dictionary<string, string?> settings) => settings["Kafka:Guarantee"] = "ExactlyOnce";
        List<string> ids = [];
        List<(string, string)> Windows(int from, int to)
        {
            List<(string, string)> messages = [];
            for (int i = from; i < to; i++)
            {
                bool anomalous = i is >= 5 and < 9 or >= 25 and < 29;
                messages.Add(("s-bad", WindowJson.Window("s-bad", i, anomalous)));
                messages.Add(("s-ok", WindowJson.Window("s-ok", i)));
                ids.Add(WindowJson.Id("s-bad", i));
                ids.Add(WindowJson.Id("s-ok", i));
            }

            return messages;
        }

        await kit.ProduceAsync(Windows(0, 20));
        RunningWorker first = await kit.StartWorkerAsync("eos", ExactlyOnce, store: new InMemoryModelStore(TestModels.Default()));
        await first.WaitUntilAsync(p => p.Finished >= 40, TimeSpan.FromSeconds(30), "first 40 windows committed");
        await first.StopAsync();

        await kit.ProduceAsync(Windows(20, 40));
        RunningWorker second = await kit.StartWorkerAsync("eos", ExactlyOnce, store: new InMemoryModelStore(TestModels.Default()));
        List<OutputView> scores = kit.ReadUntil(kit.Scores, records => Reconciliation.Ids(records).Count == 80, TimeSpan.FromSeconds(40));
        await second.WaitUntilAsync(p => p.Finished >= 40, TimeSpan.FromSeconds(30), "second 40 windows committed");
        List<OutputView> alerts = kit.ReadAll(kit.Alerts, TimeSpan.FromSeconds(1));
        scores = kit.ReadAll(kit.Scores, TimeSpan.FromSeconds(1));

        (int missing, int duplicates, _) = Reconciliation.Check(ids, scores);
        Assert.Equal(0, missing);
        Assert.Equal(0, duplicates);
        Assert.Equal(2, alerts.Count(alert => alert.Field("state") == "open"));
        Assert.Equal(alerts.Count, alerts.Select(alert => (alert.Field("alertId"), alert.Field("state"))).Distinct().Count());
        Assert.All(alerts, alert => Assert.Equal("s-bad", alert.Key));
        Assert.Null(first.Exit.Reason);
        Assert.Null(second.Exit.Reason);
    }
}
