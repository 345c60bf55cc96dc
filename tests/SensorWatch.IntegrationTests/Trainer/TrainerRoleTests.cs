using System.Diagnostics;
using Confluent.Kafka;
using SensorWatch.Core.Retraining;
using SensorWatch.Core.Scoring;
using SensorWatch.IntegrationTests.Infrastructure;
using SensorWatch.IntegrationTests.Retraining;
using SensorWatch.IntegrationTests.Worker;
using SensorWatch.Roles;
using SensorWatch.Roles.Scorer;
using SensorWatch.Roles.Trainer;

namespace SensorWatch.IntegrationTests.Trainer;

/// <summary>
/// The trainer role on the embedded cluster with tiny models (T = 16, D = 3, H = 4) and a short schedule: retrain,
/// promote through the models topic to every scorer, roll back on an alert spike, reject a poisoned sample, and never
/// publish a partial model when stopped mid-training.
/// </summary>
public sealed class TrainerRoleTests
{
    private const int Sensors = 8;
    private static readonly TimeSpan s_decision = TimeSpan.FromSeconds(60);

    [Theory(Timeout = 180_000), EmbeddedKafka, ContainerKafka]
    public async Task TrainerAndTwoScorers_Retrain_PromotedModelReachesEveryScorerThenAlertSpikeRollsBackEverywhere(KafkaBackend backend)
    {
        await using WorkerTestKit kit = await WorkerTestKit.StartAsync(backend, partitions: 2);
        (string models, string samples, string group) = await TrainerTopicsAsync(kit);
        string store = Directory.CreateTempSubdirectory("sw-trainer-").FullName;
        Dictionary<string, string?> withTrainer = TrainerWorker.Settings(kit, "w1", models, samples, group);
        withTrainer["Worker:ModelStore"] = store;
        withTrainer["Retraining:Gate:RollbackFactor"] = "20";          // normal windows never roll back: 20 × 2 % = 40 % alert rate
        withTrainer["Retraining:Gate:MinBaselineAlertRate"] = "0.02";
        withTrainer["Retraining:Gate:WatchWindows"] = "5000";          // no "kept" before the spike below
        Dictionary<string, string?> scorerOnly = TrainerWorker.Settings(kit, "w2", models, samples, group);
        if (backend == KafkaBackend.Embedded)
        {
            // The mock waits session.timeout − 1 s for members on each rebalance (the two joins take two or three).
            withTrainer["Worker:SessionTimeoutMs"] = scorerOnly["Worker:SessionTimeoutMs"] = "2000";
        }

        // Both join at once: one rebalance instead of a join and then a hand-over.
        Task<TrainerWorker> startingSecond = TrainerWorker.StartAsync(scorerOnly, WorkerRole.Scorer, new InMemoryModelStore(TestModels.Default()));
        await using TrainerWorker first = await TrainerWorker.StartAsync(withTrainer, WorkerRole.All, new InMemoryModelStore(TestModels.Default()));
        await using TrainerWorker second = await startingSecond;
        await ServingAsync([first, second], "base-1", partitionsEach: 1);
        int[] firstPartitions = [.. first.Scorer.AssignedPartitions];
        int[] secondPartitions = [.. second.Scorer.AssignedPartitions];

        RetrainEvent promoted;
        using (Traffic normal = Traffic.Start(kit, "n", anomalous: false))
        {
            promoted = await first.WaitForAsync(RetrainOutcome.Promoted, s_decision);
            await Task.Run(() => kit.ReadUntil(kit.Scores, records => ScorerHotSwapTests.ServedOn(records, promoted.Version, firstPartitions)
                && ScorerHotSwapTests.ServedOn(records, promoted.Version, secondPartitions), s_decision));
        }

        Assert.StartsWith("default-", promoted.Version, StringComparison.Ordinal);
        Assert.InRange(promoted.SampleSize, 300, 2048 + 64);
        Assert.Equal([promoted.Version], StoredVersions(store));

        // The promoted model now flags windows the previous model finds normal (800 samples written as the scorers would):
        // the paired watch sees an alert spike and rolls back (above 40 % of the watched windows, the normal ones the
        // traffic above sent after the promotion included).
        await ProduceSamplesAsync(kit, samples, "flagged", 100 * Sensors, i => SampleRecords.Window($"x-{i % Sensors}", i / Sensors, promoted.Version, flagged: true));
        RetrainEvent rolledBack = await first.WaitForAsync(RetrainOutcome.RolledBack, s_decision);

        Assert.Equal("base-1", rolledBack.Version);

        // Checked before any new live window: the flagged samples make the next retrain due at once, and its candidate
        // could pass the shadow on the windows below and be promoted (a fourth model on the topic) before the reads.
        Assert.Equal([promoted.Version, "base-1"], StoredVersions(store));
        Assert.Equal(["base-1", promoted.Version, "base-1"], TopicVersions(kit, models));
        await ScorerHotSwapTests.ScoreUntilAsync(kit, "k", null, records =>
        {
            List<OutputView> after = [.. records.Where(r => r.Field("sensorId")?.StartsWith("k-", StringComparison.Ordinal) == true)];
            return ScorerHotSwapTests.ServedOn(after, "base-1", firstPartitions) && ScorerHotSwapTests.ServedOn(after, "base-1", secondPartitions);
        });
        Assert.Null(first.Exit.Reason);
        Assert.Null(second.Exit.Reason);
    }

    [Theory(Timeout = 120_000), EmbeddedKafka, ContainerKafka]
    public async Task Trainer_PoisonedSample_RejectedWithReasonAndScorerKeepsItsModel(KafkaBackend backend)
    {
        await using WorkerTestKit kit = await WorkerTestKit.StartAsync(backend, partitions: 2);
        (string models, string samples, string group) = await TrainerTopicsAsync(kit);
        string store = Directory.CreateTempSubdirectory("sw-trainer-").FullName;
        Dictionary<string, string?> settings = TrainerWorker.Settings(kit, "w1", models, samples, group);
        settings["Worker:ModelStore"] = store;
        await using TrainerWorker worker = await TrainerWorker.StartAsync(settings, WorkerRole.All, new InMemoryModelStore(TestModels.Default()));
        await ServingAsync([worker], "base-1", partitionsEach: 2);

        // A broken producer on the samples topic: every other window is absurd (1e30) yet claims to be normal.
        using (IProducer<string, byte[]> producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kit.Kafka.BootstrapServers }).Build())
        {
            for (int i = 0; i < 40; i++)
            {
                for (int s = 0; s < Sensors; s++)
                {
                    producer.Produce(samples, new Message<string, byte[]> { Key = "default", Value = SampleRecords.Window($"p-{s}", i, "base-1", poison: s % 2 == 0 ? 1e30f : null) });
                }
            }

            producer.Flush(TimeSpan.FromSeconds(10));
        }

        RetrainEvent rejected = await worker.WaitForAsync(RetrainOutcome.Rejected, s_decision);

        Assert.Contains(rejected.Reason, (GateReason[])[GateReason.NotConverged, GateReason.NonFinite, GateReason.LossDidNotDecrease, GateReason.WorseOnHoldout,
            GateReason.HoldoutFalseAlarmsAboveTarget, GateReason.ShadowAlertRateOverBudget, GateReason.TrainingFailed]);
        Assert.False(string.IsNullOrWhiteSpace(rejected.Text));
        Assert.DoesNotContain(worker.Trainer.Events, e => e.Outcome == RetrainOutcome.Promoted);
        Assert.Empty(StoredVersions(store));
        Assert.Equal(["base-1"], TopicVersions(kit, models));
        List<OutputView> scores = await ScorerHotSwapTests.ScoreUntilAsync(kit, "k", null,
            records => records.Count(r => r.Field("sensorId")?.StartsWith("k-", StringComparison.Ordinal) == true) >= 16);
        Assert.All(scores.Where(r => r.Field("sensorId")?.StartsWith("k-", StringComparison.Ordinal) == true), r => Assert.Equal("base-1", r.Field("modelVersion")));
    }

    [Theory(Timeout = 120_000), EmbeddedKafka, ContainerKafka]
    public async Task Trainer_DivergentLearningRate_RejectedWithReasonNothingStoredOrPublished(KafkaBackend backend)
    {
        await using WorkerTestKit kit = await WorkerTestKit.StartAsync(backend, partitions: 1);
        (string models, string samples, string group) = await TrainerTopicsAsync(kit);
        string store = Directory.CreateTempSubdirectory("sw-trainer-").FullName;
        Dictionary<string, string?> settings = TrainerWorker.Settings(kit, "t1", models, samples, group);
        settings["Worker:ModelStore"] = store;
        settings["Retraining:LearningRate"] = "1";   // the largest allowed; reliability scenario 15: a retrain forced to diverge on clean data
        await ProduceSamplesAsync(kit, samples, "normal", 50 * Sensors, i => SampleRecords.Window($"d-{i % Sensors}", i / Sensors, "base-1"));
        await using TrainerWorker trainer = await TrainerWorker.StartAsync(settings, WorkerRole.Trainer);
        Stopwatch clock = Stopwatch.StartNew();
        while (!trainer.Trainer.Keys.Any(k => k.CurrentVersion == "base-1"))
        {
            Assert.True(clock.Elapsed < s_decision, $"trainer does not know base-1: keys [{string.Join("; ", trainer.Trainer.Keys)}]");
            await Task.Delay(50);
        }

        // Windows admitted after the served model is known make the retrain due.
        await ProduceSamplesAsync(kit, samples, "more", 30 * Sensors, i => SampleRecords.Window($"d-{i % Sensors}", 50 + (i / Sensors), "base-1"));

        RetrainEvent rejected = await trainer.WaitForAsync(RetrainOutcome.Rejected, s_decision);

        Assert.Contains(rejected.Reason, (GateReason[])[GateReason.NotConverged, GateReason.NonFinite, GateReason.LossDidNotDecrease, GateReason.WorseOnHoldout,
            GateReason.HoldoutFalseAlarmsAboveTarget, GateReason.TrainingFailed]);
        Assert.False(string.IsNullOrWhiteSpace(rejected.Text));
        Assert.DoesNotContain(trainer.Trainer.Events, e => e.Outcome == RetrainOutcome.Promoted);
        Assert.Empty(StoredVersions(store));
        Assert.Equal(["base-1"], TopicVersions(kit, models));
        Assert.Null(trainer.Exit.Reason);
    }

    [Theory(Timeout = 120_000), EmbeddedKafka, ContainerKafka]
    public async Task Trainer_StoppedMidTraining_NoPartialModelOnTopicOrStore(KafkaBackend backend)
    {
        await using WorkerTestKit kit = await WorkerTestKit.StartAsync(backend, partitions: 1);
        (string models, string samples, string group) = await TrainerTopicsAsync(kit, TrainerModels.Wide("wide-1"));
        string store = Directory.CreateTempSubdirectory("sw-trainer-").FullName;
        Dictionary<string, string?> settings = TrainerWorker.Settings(kit, "t1", models, samples, group);
        settings["Worker:ModelStore"] = store;
        settings["Retraining:MinTrainingWindows"] = "1200"; // H = 128 on 1,200+ windows: seconds per epoch here (1,600 sent; the guard keeps some out)
        settings["Retraining:Epochs"] = "1000";
        settings["Retraining:LearningRate"] = "0.00001";
        using (IProducer<string, byte[]> producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kit.Kafka.BootstrapServers }).Build())
        {
            for (int i = 0; i < 200; i++)
            {
                for (int s = 0; s < Sensors; s++)
                {
                    producer.Produce(samples, new Message<string, byte[]> { Key = "default", Value = SampleRecords.Window($"s-{s}", i, "wide-1") });
                }
            }

            producer.Flush(TimeSpan.FromSeconds(10));
        }

        TrainerWorker trainer = await TrainerWorker.StartAsync(settings, WorkerRole.Trainer);
        Stopwatch clock = Stopwatch.StartNew();
        while (!trainer.Trainer.Keys.Any(k => k.CurrentVersion == "wide-1"))
        {
            Assert.True(clock.Elapsed < s_decision, $"trainer does not know wide-1: keys [{string.Join("; ", trainer.Trainer.Keys)}]");
            await Task.Delay(50);
        }

        // A served model learned after the replay restarts the count of new windows (RetrainingCoordinator.SetCurrent):
        // windows admitted after it make the retrain due, whichever of the two the trainer read first.
        await ProduceSamplesAsync(kit, samples, "more", 20 * Sensors, i => SampleRecords.Window($"s-{i % Sensors}", 200 + (i / Sensors), "wide-1"));
        while (!trainer.Trainer.Keys.Any(k => k.Phase == RetrainPhase.Training))
        {
            Assert.True(clock.Elapsed < s_decision, $"no training started: {trainer.Trainer.Samples} samples, keys [{string.Join("; ", trainer.Trainer.Keys)}]");
            await Task.Delay(50);
        }

        await trainer.DisposeAsync();   // the host stops mid-training

        RetrainEvent abandoned = Assert.Single(trainer.Trainer.Events);
        Assert.Equal(RetrainOutcome.Abandoned, abandoned.Outcome);
        Assert.Empty(StoredVersions(store));
        Assert.Equal(["wide-1"], TopicVersions(kit, models));
    }

    /// <summary>Creates the models (one partition: in order) and samples topics, publishes <paramref name="model"/> (default: the small detector <c>base-1</c>).</summary>
    private static async Task<(string Models, string Samples, string Group)> TrainerTopicsAsync(WorkerTestKit kit, byte[]? model = null)
    {
        string models = await kit.Kafka.CreateTopicAsync("models", 1);
        string samples = await kit.Kafka.CreateTopicAsync("samples", 1);
        using ModelTopicPublisher publisher = new(kit.Kafka.BootstrapServers, models);
        await publisher.PublishAsync("default", model ?? TrainerModels.Good("base-1"));
        return (models, samples, TopicNames.Unique("trainer"));
    }

    private static async Task ServingAsync(IReadOnlyList<TrainerWorker> workers, string version, int partitionsEach)
    {
        Stopwatch clock = Stopwatch.StartNew();
        while (!workers.All(w => w.Scorer.AssignedPartitions.Count == partitionsEach && w.Scorer.Models.Any(m => m.Version == version)))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"scorers not serving {version} on {partitionsEach} partition(s) each");
            await Task.Delay(50);
        }
    }

    private static async Task ProduceSamplesAsync(WorkerTestKit kit, string samples, string what, int count, Func<int, byte[]> record)
    {
        using IProducer<string, byte[]> producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kit.Kafka.BootstrapServers }).Build();
        for (int i = 0; i < count; i++)
        {
            producer.Produce(samples, new Message<string, byte[]> { Key = "default", Value = record(i) });
        }

        Assert.True(producer.Flush(TimeSpan.FromSeconds(10)) == 0, $"{what}: samples not delivered");
        await Task.CompletedTask;
    }

    /// <summary>Lineage versions in the store, oldest first.</summary>
    private static List<string> StoredVersions(string root)
    {
        ModelStore store = new(root);
        return store.Keys().Contains("default")
            ? [.. store.Versions("default").Select(v => store.Read("default", v).Metadata.Lineage.GetValueOrDefault("version") ?? "?")]
            : [];
    }

    /// <summary>Every version on the models topic for key <c>default</c>, in order.</summary>
    private static List<string> TopicVersions(WorkerTestKit kit, string topic)
    {
        List<string> versions = [];
        using ModelTopicReader reader = new(kit.Kafka.BootstrapServers, topic);
        reader.Start(TimeSpan.FromSeconds(10));
        Stopwatch clock = Stopwatch.StartNew();
        while (!reader.CaughtUp && clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            reader.Poll(TimeSpan.FromMilliseconds(200), (key, detector, _) => versions.Add(new DetectorScoringModel(key, detector).Version), (_, reason) => versions.Add("refused: " + reason));
        }

        return versions;
    }

    /// <summary>
    /// Rounds of windows for <see cref="Sensors"/> sensors (prefix-i), every 50 ms, until disposed (400 rounds at most: the
    /// windows stay in the past). One producer for all rounds: a new idempotent producer per round cost ~200 ms.
    /// </summary>
    private sealed class Traffic : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly IProducer<string, string> _producer;
        private readonly Task _task;

        private Traffic(WorkerTestKit kit, string prefix, bool anomalous)
        {
            _producer = kit.Kafka.CreateProducer();
            _task = Task.Run(async () =>
            {
                for (int index = 0; index < 400 && !_stop.IsCancellationRequested; index++)
                {
                    await KafkaTestClients.ProduceAsync(_producer, kit.Windows, Enumerable.Range(0, Sensors)
                        .Select(s => new KeyValuePair<string, string>($"{prefix}-{s}", WindowJson.Window($"{prefix}-{s}", index, anomalous))), KafkaTestEnvironment.DefaultTimeout)
                        .ConfigureAwait(false);
                    await Task.Delay(50).ConfigureAwait(false);
                }
            });
        }

        public static Traffic Start(WorkerTestKit kit, string prefix, bool anomalous) => new(kit, prefix, anomalous);

        public void Dispose()
        {
            _stop.Cancel();
            _task.Wait(TimeSpan.FromSeconds(10));
            _stop.Dispose();
            _producer.Dispose();
        }
    }
}
