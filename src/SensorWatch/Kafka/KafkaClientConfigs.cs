using Confluent.Kafka;

namespace SensorWatch.Kafka;

/// <summary>
/// Builds the librdkafka configurations of the scorer from <see cref="KafkaOptions"/>. The delivery guarantee is
/// decided here and nowhere else:
/// consumer — cooperative-sticky, <c>enable.auto.offset.store=false</c> (the loop stores an offset only when its
/// outputs are acknowledged), auto-commit of stored offsets (at-least-once) or no auto-commit (exactly-once: offsets
/// go in the transaction), <c>read_committed</c>;
/// producer — idempotent, <c>acks=all</c>, and transactional with a group+instance-derived id for exactly-once.
/// </summary>
internal static class KafkaClientConfigs
{
    public static ConsumerConfig Consumer(KafkaOptions options)
    {
        ConsumerConfig config = new()
        {
            BootstrapServers = options.BootstrapServers,
            GroupId = options.GroupId,
            ClientId = $"sensorwatch-scorer-{options.ResolvedInstanceId}",
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
            EnableAutoOffsetStore = false,
            EnableAutoCommit = options.Guarantee == DeliveryGuarantee.AtLeastOnce,
            AutoCommitIntervalMs = 1000,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            IsolationLevel = IsolationLevel.ReadCommitted,
            SessionTimeoutMs = options.SessionTimeoutMs,
            MaxPollIntervalMs = options.MaxPollIntervalMs,
            StatisticsIntervalMs = options.StatisticsIntervalMs,
            EnablePartitionEof = false,
            // Bound memory: at most ~16 MiB prefetched per process, whatever the partition count.
            QueuedMaxMessagesKbytes = 16384,
            FetchMaxBytes = 16 * 1024 * 1024,
        };
        Apply(config, options);
        return config;
    }

    public static ProducerConfig Producer(KafkaOptions options)
    {
        ProducerConfig config = new()
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = $"sensorwatch-scorer-out-{options.ResolvedInstanceId}",
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
            CompressionType = CompressionType.Lz4,
            // Bounded queue: Produce throws QueueFull instead of growing without limit (the loop then waits).
            QueueBufferingMaxMessages = 200000,
            QueueBufferingMaxKbytes = 128 * 1024,
            MessageTimeoutMs = 120000,
            StatisticsIntervalMs = 0,
        };
        if (options.Guarantee == DeliveryGuarantee.ExactlyOnce)
        {
            config.TransactionalId = options.TransactionalId;
            config.TransactionTimeoutMs = 60000;
        }

        Apply(config, options);
        return config;
    }

    public static AdminClientConfig Admin(KafkaOptions options)
    {
        AdminClientConfig config = new()
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = $"sensorwatch-admin-{options.ResolvedInstanceId}",
        };
        Apply(config, options);
        return config;
    }

    private static void Apply(ClientConfig config, KafkaOptions options)
    {
        foreach ((string key, string value) in options.Client)
        {
            config.Set(key, value);
        }
    }
}
