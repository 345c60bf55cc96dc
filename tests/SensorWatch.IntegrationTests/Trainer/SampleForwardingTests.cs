using SensorWatch.IntegrationTests.Infrastructure;
using SensorWatch.IntegrationTests.Worker;
using SensorWatch.Kafka.Messages;

namespace SensorWatch.IntegrationTests.Trainer;

/// <summary>The scorer feeds the trainer: scored windows (all, or Worker:SampleFraction of the normal ones) and alert transitions on the samples topic, keyed by model key.</summary>
public sealed class SampleForwardingTests
{
    [Theory(Timeout = 60_000), EmbeddedKafka, ContainerKafka]
    public async Task Scorer_ScoredWindowsAndAlerts_ForwardedToSamplesKeyedByModelKey(KafkaBackend backend)
    {
        await using WorkerTestKit kit = await WorkerTestKit.StartAsync(backend, partitions: 2);
        string samples = await ScoreOneAlertStreamAsync(kit, sampleFraction: "1");
        List<SampleMessage> read = [.. kit.ReadUntil(samples, records => records.Count >= 26, TimeSpan.FromSeconds(20)).Select(Decode)];

        Assert.All(kit.ReadAll(samples, TimeSpan.FromMilliseconds(300)), record => Assert.Equal("default", record.Key));
        List<SampleMessage> windows = [.. read.Where(s => s.Kind == SampleKind.Window)];
        Assert.Equal(24, windows.Count);
        Assert.All(windows, w => Assert.Equal(WindowJson.Length * WindowJson.Features, w.Values.Length));
        Assert.All(windows, w => Assert.Equal(TestModels.Default().Version, w.ModelVersion));
        Assert.All(windows, w => Assert.Equal(kit.Windows, w.Topic));
        Assert.Equal(4, windows.Count(w => w.Anomalous));
        Assert.Single(read, s => s.Kind == SampleKind.AlertOpened && s.SensorId == "s-bad");
        Assert.Single(read, s => s.Kind == SampleKind.AlertResolved && s.SensorId == "s-bad");
    }

    [Theory(Timeout = 60_000), EmbeddedKafka, ContainerKafka]
    public async Task Scorer_SampleFractionZero_OnlyAlertWindowsAndTransitionsForwarded(KafkaBackend backend)
    {
        await using WorkerTestKit kit = await WorkerTestKit.StartAsync(backend, partitions: 2);
        string samples = await ScoreOneAlertStreamAsync(kit, sampleFraction: "0");
        List<SampleMessage> read = [.. kit.ReadUntil(samples, records => records.Select(Decode).Any(s => s.Kind == SampleKind.AlertResolved),
            TimeSpan.FromSeconds(20)).Select(Decode)];

        // k = m = 2: windows 4-7 are anomalous (the alert opens at 5), 8 and 9 are normal while it is open (9 resolves it)
        List<long> forwarded = [.. read.Where(s => s.Kind == SampleKind.Window).Select(s => (s.StartMs - WindowJson.BaseMs) / (WindowJson.Length * 1000L))];
        Assert.All(read, s => Assert.Equal("s-bad", s.SensorId));
        Assert.Subset(forwarded.ToHashSet(), new HashSet<long> { 4, 5, 6, 7, 8 });        // all of 4-8 forwarded
        Assert.Superset(forwarded.ToHashSet(), new HashSet<long> { 4, 5, 6, 7, 8, 9 });    // nothing outside 4-9
        Assert.Single(read, s => s.Kind == SampleKind.AlertOpened);
    }

    [Theory(Timeout = 60_000), EmbeddedKafka, ContainerKafka]
    public async Task Scorer_PublishSamplesOff_NothingForwardedAndScoringUnchanged(KafkaBackend backend)
    {
        await using WorkerTestKit kit = await WorkerTestKit.StartAsync(backend, partitions: 2);
        string samples = await kit.Kafka.CreateTopicAsync("samples", 1);
        RunningWorker worker = await kit.StartWorkerAsync(configure: s =>
        {
            s["Kafka:Topics:Samples"] = samples;
            s["Worker:PublishSamples"] = "false";
        }, store: new Worker.InMemoryModelStore(TestModels.Default()));

        await kit.ProduceAsync(Enumerable.Range(0, 8).Select(i => ("s-1", WindowJson.Window("s-1", i))));
        await worker.WaitUntilAsync(p => p.Scored == 8 && p.Finished == 8, TimeSpan.FromSeconds(20), "8 windows scored and acknowledged");

        Assert.Empty(kit.ReadAll(samples, TimeSpan.FromMilliseconds(500)));
    }

    [Theory(Timeout = 60_000), EmbeddedKafka, ContainerKafka]
    public async Task Scorer_SamplesTopicMissing_ScoringAndCommitsUnaffected(KafkaBackend backend)
    {
        await using WorkerTestKit kit = await WorkerTestKit.StartAsync(backend, partitions: 2);
        RunningWorker worker = await kit.StartWorkerAsync(configure: s => s["Kafka:Topics:Samples"] = TopicNames.Unique("absent"),
            store: new Worker.InMemoryModelStore(TestModels.Default()));

        await kit.ProduceAsync(Enumerable.Range(0, 20).Select(i => ($"s-{i % 2}", WindowJson.Window($"s-{i % 2}", i / 2))));

        await worker.WaitUntilAsync(p => p.Scored == 20 && p.Finished == 20, TimeSpan.FromSeconds(20), "20 windows scored and acknowledged");
        Assert.Equal(20, kit.ReadAll(kit.Scores, TimeSpan.FromMilliseconds(500)).Count);
    }

    /// <summary>
    /// A worker forwarding to a new samples topic with <paramref name="sampleFraction"/> scores 12 windows of s-ok and
    /// 12 of s-bad (windows 4-7 anomalous: one alert opened and resolved); returns the samples topic.
    /// </summary>
    private static async Task<string> ScoreOneAlertStreamAsync(WorkerTestKit kit, string sampleFraction)
    {
        string samples = await kit.Kafka.CreateTopicAsync("samples", 2);
        RunningWorker worker = await kit.StartWorkerAsync(configure: s =>
        {
            s["Kafka:Topics:Samples"] = samples;
            s["Worker:SampleFraction"] = sampleFraction;
        }, store: new Worker.InMemoryModelStore(TestModels.Default()));
        List<(string, string)> messages = [];
        for (int i = 0; i < 12; i++)
        {
            messages.Add(("s-bad", WindowJson.Window("s-bad", i, anomalous: i is >= 4 and < 8)));
            messages.Add(("s-ok", WindowJson.Window("s-ok", i)));
        }

        await kit.ProduceAsync(messages);
        await worker.WaitUntilAsync(p => p.Scored == 24, TimeSpan.FromSeconds(20), "all 24 windows scored");
        return samples;
    }

    private static SampleMessage Decode(OutputView record)
    {
        Assert.True(SampleCodec.TryDecode(record.RawValue, out SampleMessage? sample, out string? error), error);
        return sample;
    }
}
