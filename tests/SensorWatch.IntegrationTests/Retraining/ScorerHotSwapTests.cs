using System.Text.Json;
using Confluent.Kafka;
using SensorWatch.IntegrationTests.Infrastructure;
using SensorWatch.IntegrationTests.Worker;
using SensorWatch.Roles.Trainer;

namespace SensorWatch.IntegrationTests.Retraining;

/// <summary>Hot swap in running scorers through the compacted models topic (issue 5 item 4).</summary>
public sealed class ScorerHotSwapTests
{
    private static readonly TimeSpan s_swapTimeout = TimeSpan.FromSeconds(15);

    [Fact(Timeout = 60_000)]
    public async Task ModelsTopic_PublishedModelThenCorrupt_BothReplicasSwapThenKeepVersion()
    {
        await using WorkerTestKit kit = await WorkerTestKit.StartAsync(partitions: 4);
        string models = await kit.Kafka.CreateTopicAsync("models", partitions: 1); // one partition: records are seen in publish order
        RunningWorker first = await kit.StartWorkerAsync("w1", s => s["Kafka:Topics:Models"] = models, store: new InMemoryModelStore(TestModels.Default()));
        RunningWorker second = await kit.StartWorkerAsync("w2", s => s["Kafka:Topics:Models"] = models, store: new InMemoryModelStore(TestModels.Default()));
        await first.WaitUntilAsync(p => p.AssignedPartitions.Count == 2 && second.Progress.AssignedPartitions.Count == 2,
            TimeSpan.FromSeconds(20), "two partitions each");
        int[] firstPartitions = [.. first.Progress.AssignedPartitions];
        int[] secondPartitions = [.. second.Progress.AssignedPartitions];

        byte[] topicA = HotSwapModels.Snapshot("topic-a");
        using ModelTopicPublisher publisher = new(kit.Kafka.BootstrapServers, models);
        await publisher.PublishAsync("default", topicA);
        List<OutputView> scores = await ScoreUntilAsync(kit, "s", null, records =>
            ServedOn(records, "topic-a", firstPartitions) && ServedOn(records, "topic-a", secondPartitions));
        Assert.Contains(scores, r => r.Field("modelVersion") == "topic-a");

        // A corrupt snapshot for the served key, then a good model for a marker key: once a replica serves the marker,
        // it has read past the corrupt record (one partition, in order) and must still serve topic-a.
        using (IProducer<string, byte[]> raw = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kit.Kafka.BootstrapServers }).Build())
        {
            await raw.ProduceAsync(models, new Message<string, byte[]> { Key = "default", Value = HotSwapModels.Corrupt(HotSwapModels.Snapshot("corrupt-b", seed: 4)) });
        }

        await publisher.PublishAsync("marker", HotSwapModels.Snapshot("marker-1", seed: 5));
        scores = await ScoreUntilAsync(kit, "m", "marker", records =>
            ServedOn(records, "marker-1", firstPartitions) && ServedOn(records, "marker-1", secondPartitions));
        Assert.DoesNotContain(scores, r => r.Field("modelVersion") == "corrupt-b");
        List<OutputView> after = await ScoreUntilAsync(kit, "k", null, records =>
            ServedOn(records.Where(IsAfter).ToList(), "topic-a", firstPartitions) && ServedOn(records.Where(IsAfter).ToList(), "topic-a", secondPartitions));
        List<string?> versions = [.. after.Where(IsAfter).Select(r => r.Field("modelVersion")).Distinct()];
        Assert.Equal(["topic-a"], versions);
        Assert.Null(first.Exit.Reason);
        Assert.Null(second.Exit.Reason);
    }

    [Fact(Timeout = 60_000)]
    public async Task ModelsTopic_MissingAtStart_ScorerKeepsScoringThenPicksUpModelOnceCreated()
    {
        await using WorkerTestKit kit = await WorkerTestKit.StartAsync(partitions: 2);
        string models = TopicNames.Unique("models"); // not created yet
        RunningWorker worker = await kit.StartWorkerAsync("w1", s => s["Kafka:Topics:Models"] = models, store: new InMemoryModelStore(TestModels.Default()));
        await worker.WaitUntilAsync(p => p.AssignedPartitions.Count == 2, TimeSpan.FromSeconds(20), "both partitions");
        List<OutputView> before = await ScoreUntilAsync(kit, "a", null, records => records.Count >= 16);
        Assert.Equal([TestModels.Default().Version], before.Select(r => r.Field("modelVersion")).Distinct());

        kit.Kafka.EmbeddedCluster!.CreateTopic(models, 1, 1);
        using ModelTopicPublisher publisher = new(kit.Kafka.BootstrapServers, models);
        await publisher.PublishAsync("default", HotSwapModels.Snapshot("late-1"));
        await ScoreUntilAsync(kit, "b", null, records => records.Any(r => r.Field("modelVersion") == "late-1"));
        Assert.Null(worker.Exit.Reason);
    }

    /// <summary>True when a score of <paramref name="version"/> came from a window on one of <paramref name="partitions"/>.</summary>
    internal static bool ServedOn(List<OutputView> records, string version, int[] partitions) =>
        records.Any(r => r.Field("modelVersion") == version && partitions.Contains(SourcePartition(r)));

    /// <summary>
    /// Produces a round of windows (16 sensors <paramref name="prefix"/>-i, optionally for <paramref name="model"/>) every
    /// 300 ms while reading scores until <paramref name="done"/>. Each call must use its own prefix. One producer for
    /// every round (a new idempotent producer per round cost ~200 ms).
    /// </summary>
    internal static async Task<List<OutputView>> ScoreUntilAsync(WorkerTestKit kit, string prefix, string? model, Func<List<OutputView>, bool> done)
    {
        using CancellationTokenSource stop = new();
        using IProducer<string, string> producer = kit.Kafka.CreateProducer();
        Task producing = Task.Run(async () =>
        {
            int round = 0; // window ids are unique through the per-call sensor prefix; small indices keep the windows recent
            while (!stop.IsCancellationRequested)
            {
                round++;
                await KafkaTestClients.ProduceAsync(producer, kit.Windows, Enumerable.Range(0, 16)
                    .Select(i => new KeyValuePair<string, string>($"{prefix}-{i}", WindowJson.Window($"{prefix}-{i}", round, model: model))), KafkaTestEnvironment.DefaultTimeout)
                    .ConfigureAwait(false);
                await Task.Delay(300).ConfigureAwait(false);
            }
        });
        try
        {
            return await Task.Run(() => kit.ReadUntil(kit.Scores, done, s_swapTimeout)).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await producing.ConfigureAwait(false);
        }
    }

    private static bool IsAfter(OutputView record) => record.Field("sensorId")?.StartsWith("k-", StringComparison.Ordinal) == true;

    private static int SourcePartition(OutputView record)
    {
        string? source = record.Field("source");
        if (source is null)
        {
            return -1;
        }

        using JsonDocument document = JsonDocument.Parse(source);
        return document.RootElement.GetProperty("partition").GetInt32();
    }
}
