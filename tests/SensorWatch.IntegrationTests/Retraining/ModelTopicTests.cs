using Confluent.Kafka;
using SensorWatch.Core.Scoring;
using Microsoft.Extensions.Logging.Abstractions;
using SensorWatch.Configuration;
using SensorWatch.Core.Snapshots;
using SensorWatch.IntegrationTests.Infrastructure;
using SensorWatch.IntegrationTests.Worker;
using SensorWatch.Roles.Scorer;
using SensorWatch.Roles.Trainer;

namespace SensorWatch.IntegrationTests.Retraining;

/// <summary>Model distribution through the models topic: publisher → every reader (one per scorer replica).</summary>
public sealed class ModelTopicTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    [Theory(Timeout = 60_000), EmbeddedKafka]
    public async Task Publish_Model_ReachesTwoReadersAndCorruptSnapshotIsRefusedKeepingCurrent(KafkaBackend backend)
    {
        await using KafkaTestEnvironment env = await KafkaTestEnvironment.StartAsync(backend, brokers: 1);
        string topic = await env.CreateTopicAsync("models", partitions: 2);
        byte[] model = ModelCommandTests.TinyModelBytes;
        using (ModelTopicPublisher publisher = new(env.BootstrapServers, topic))
        {
            await publisher.PublishAsync("pump", model);
            await Assert.ThrowsAsync<SensorWatch.Core.Snapshots.ModelSnapshotException>(() => publisher.PublishAsync("pump", model[..64]));
        }

        // A corrupt record written past the publisher's check (bit rot, a foreign producer).
        byte[] corrupt = [.. model];
        corrupt[^1] ^= 1;
        using (IProducer<string, byte[]> raw = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = env.BootstrapServers }).Build())
        {
            await raw.ProduceAsync(topic, new Message<string, byte[]> { Key = "pump", Value = corrupt });
        }

        foreach (int replica in new[] { 1, 2 })
        {
            Dictionary<string, AnomalyDetector> served = [];
            List<string> refused = [];
            using ModelTopicReader reader = new(env.BootstrapServers, topic);
            reader.Start(s_timeout);
            DateTime deadline = DateTime.UtcNow + s_timeout;
            while (!reader.CaughtUp && DateTime.UtcNow < deadline)
            {
                reader.Poll(TimeSpan.FromMilliseconds(200), (key, detector, _) => served[key] = detector, (key, reason) => refused.Add($"{key}: {reason}"));
            }

            Assert.True(reader.CaughtUp, $"replica {replica} did not reach the end of {topic}");
            Assert.Equal(2, served["pump"].FeatureCount);
            Assert.Contains("ChecksumMismatch", Assert.Single(refused), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Offer_VerifiedModel_InstalledOnlyAtNextPoll()
    {
        using ModelRegistry registry = new(new ScorerOptions(), new StatisticalTestTrainer(), null, NullLogger.Instance);
        DetectorScoringModel model = new("pump", ModelSnapshot.FromBytes(ModelCommandTests.TinyModelBytes));
        registry.Offer(model);
        Assert.Null(registry.Find("pump")?.Model);
        registry.Poll();
        Assert.Same(model, registry.Find("pump")!.Model);
    }
}
