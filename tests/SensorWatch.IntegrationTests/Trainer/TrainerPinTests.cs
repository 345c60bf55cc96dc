using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using SensorWatch.Core.Retraining;
using SensorWatch.IntegrationTests.Infrastructure;
using SensorWatch.IntegrationTests.Telemetry;
using SensorWatch.Roles;
using SensorWatch.Roles.Trainer;
using SensorWatch.Telemetry;
using CoreOutcome = SensorWatch.Core.Retraining.RetrainOutcome;

namespace SensorWatch.IntegrationTests.Trainer;

/// <summary>
/// A key pinned in the model store (<c>sensorwatch model pin</c>): the trainer still retrains it, but a candidate that
/// passes every check is rejected with reason Pinned — nothing stored, nothing published, the coordinator keeps the
/// pinned model as served — and the decision is logged and counted (<c>sensorwatch_retrains_total</c>, error_type Pinned);
/// once unpinned, the next candidate is promoted and published.
/// </summary>
public sealed class TrainerPinTests
{
    private const int Sensors = 8;
    private static readonly TimeSpan s_decision = TimeSpan.FromSeconds(60);

    [Theory(Timeout = 120_000), EmbeddedKafka, ContainerKafka]
    public async Task Trainer_KeyPinnedInStore_PassingCandidateRejectedPinnedUntilUnpinned(KafkaBackend backend)
    {
        await using KafkaTestEnvironment kafka = await KafkaTestEnvironment.StartAsync(backend);
        string models = await kafka.CreateTopicAsync("models", 1);
        string samples = await kafka.CreateTopicAsync("samples", 1);
        byte[] pinnedModel = TrainerModels.Good("base-1");
        using (ModelTopicPublisher publisher = new(kafka.BootstrapServers, models))
        {
            await publisher.PublishAsync("default", pinnedModel);
        }

        string root = Directory.CreateTempSubdirectory("sw-pin-").FullName;
        ModelStore store = new(root);
        store.Add("default", pinnedModel);
        store.Pin("default", 1);
        Dictionary<string, string?> settings = TrainerWorker.Settings(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Kafka:StartupTimeout"] = "00:00:10",
            ["Worker:SessionTimeoutMs"] = kafka.Backend == KafkaBackend.Embedded ? "3000" : "6000",
            ["Worker:ShutdownTimeoutSeconds"] = "10",
            ["Telemetry:BindAddress"] = "127.0.0.1",
            ["Telemetry:Port"] = "0",
        }, "t1", models, samples, TopicNames.Unique("trainer"));
        settings["Worker:ModelStore"] = root;
        // A gate every converged candidate passes: this test is about the pin, not the candidate's quality.
        settings["Retraining:Gate:HoldoutTolerance"] = "100";
        settings["Retraining:Gate:TargetFalseAlarmRate"] = "1";
        settings["Retraining:Gate:ShadowAlertRateBudget"] = "1";
        await using TrainerWorker trainer = await TrainerWorker.StartAsync(settings, WorkerRole.Trainer);
        using MeasurementCapture metrics = new(trainer.Services.GetRequiredService<SensorWatchTelemetry>().Meter);
        using IProducer<string, byte[]> producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build();

        // Clean samples scored normal by base-1 until the retrain has been decided (training, then 40 shadow windows).
        int index = 0;
        RetrainEvent decided = await DecisionAsync(trainer, producer, samples, () => index++);

        string steps = string.Join("; ", trainer.Trainer.Events);
        Assert.True(decided.Outcome == CoreOutcome.Rejected && decided.Reason == GateReason.Pinned, $"expected Rejected (Pinned): {steps}");
        Assert.Contains("pinned to v1", decided.Text, StringComparison.Ordinal);
        Assert.Equal([1], store.Versions("default"));
        Assert.True(store.Pointer("default") is { Version: 1, Pinned: true }, $"pointer {store.Pointer("default")}");
        Assert.Equal(["base-1"], DriftAcceptanceTests.ModelsTopic(kafka, models).Select(m => m.Version));
        Assert.Contains(trainer.Trainer.Keys, k => k.ModelKey == "default" && k.CurrentVersion == "base-1");
        Assert.Contains(metrics.Of(InstrumentNames.Retrains), m => m.Tags[TelemetryTags.RetrainOutcome] == "rejected" && m.Tags[TelemetryTags.ErrorType] == "Pinned");

        // The operator unpins: the next retrain (same gate) is promoted, stored and published — the pin was the only reason.
        store.Unpin("default");
        RetrainEvent promoted = await DecisionAsync(trainer, producer, samples, () => index++, after: decided);
        Assert.True(promoted.Outcome == CoreOutcome.Promoted, $"expected Promoted after unpin: {string.Join("; ", trainer.Trainer.Events)}");
        Assert.Equal(["base-1", promoted.Version], DriftAcceptanceTests.ModelsTopic(kafka, models).Select(m => m.Version));
        Assert.Equal([1, 2], store.Versions("default"));
        Assert.Null(trainer.Exit.Reason);
    }

    /// <summary>Produces rounds of clean samples (window <paramref name="nextIndex"/>() of each sensor) until a Promoted or Rejected step after <paramref name="after"/>.</summary>
    private static async Task<RetrainEvent> DecisionAsync(TrainerWorker trainer, IProducer<string, byte[]> producer, string samples, Func<int> nextIndex, RetrainEvent? after = null)
    {
        Stopwatch clock = Stopwatch.StartNew();
        for (int round = 0; ; round++)
        {
            RetrainEvent? decided = trainer.Trainer.Events.SkipWhile(e => after is not null && !ReferenceEquals(e, after)).Skip(after is null ? 0 : 1)
                .FirstOrDefault(e => e.Outcome is CoreOutcome.Promoted or CoreOutcome.Rejected);
            if (decided is not null)
            {
                return decided;
            }

            Assert.True(clock.Elapsed < s_decision, $"no decision within {s_decision.TotalSeconds:0} s: {trainer.Trainer.Samples} samples, steps [{string.Join("; ", trainer.Trainer.Events)}], keys [{string.Join("; ", trainer.Trainer.Keys)}]");
            int index = nextIndex();
            for (int s = 0; s < Sensors; s++)
            {
                producer.Produce(samples, new Message<string, byte[]> { Key = "default", Value = SampleRecords.Window($"p-{s}", index, "base-1") });
            }

            producer.Flush(TimeSpan.FromSeconds(10));
            await Task.Delay(round < 40 ? 0 : 20);
        }
    }
}
