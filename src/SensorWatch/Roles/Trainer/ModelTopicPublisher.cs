using Confluent.Kafka;
using SensorWatch.Core.Snapshots;
using SensorWatch.Kafka;

namespace SensorWatch.Roles.Trainer;

/// <summary>
/// Publishes verified model snapshots to the compacted models topic (key = model key, value = snapshot bytes).
/// Delivery: idempotent producer, acks=all; <see cref="PublishAsync"/> returns once the broker has the record.
/// </summary>
internal sealed class ModelTopicPublisher : IDisposable
{
    private readonly IProducer<string, byte[]> _producer;
    private readonly string _topic;

    /// <param name="client">Extra librdkafka settings (the worker's <c>Kafka:Client</c>: security, timeouts).</param>
    public ModelTopicPublisher(string bootstrapServers, string topic, IEnumerable<KeyValuePair<string, string>>? client = null)
    {
        _topic = topic;
        ProducerConfig config = new()
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            MessageTimeoutMs = 30000, // a CLI publish against a down cluster fails in 30 s, not librdkafka's 5 min
            MessageMaxBytes = 64 * 1024 * 1024,
        };
        KafkaClientConfigs.ApplyClient(config, client);

        _producer = new ProducerBuilder<string, byte[]>(config).SetLogHandler((_, _) => { }).Build();
    }

    /// <summary>Verifies <paramref name="snapshot"/> (throws <see cref="ModelSnapshotException"/> if corrupt) and publishes it.</summary>
    public async Task<TopicPartitionOffset> PublishAsync(string modelKey, byte[] snapshot, CancellationToken cancellationToken = default)
    {
        ModelSnapshot.FromBytes(snapshot, $"snapshot for '{modelKey}'");
        DeliveryResult<string, byte[]> delivered = await _producer.ProduceAsync(_topic, new Message<string, byte[]> { Key = modelKey, Value = snapshot }, cancellationToken).ConfigureAwait(false);
        return delivered.TopicPartitionOffset;
    }

    public void Dispose() => _producer.Dispose();
}
