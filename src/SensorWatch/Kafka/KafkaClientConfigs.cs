using Confluent.Kafka;
using SensorWatch.Configuration;
using SensorWatch.Roles;

namespace SensorWatch.Kafka;

/// <summary>
/// Builds the librdkafka configurations of the scorer from <see cref="WorkerSettings"/>. The delivery guarantee is
/// decided here and nowhere else:
/// consumer — cooperative-sticky, <c>enable.auto.offset.store=false</c> (the loop stores an offset only when its
/// outputs are acknowledged), auto-commit of stored offsets (at-least-once) or no auto-commit (exactly-once: offsets
/// go in the transaction), <c>read_committed</c>;
/// producer — idempotent, <c>acks=all</c>, and transactional with a group+instance-derived id for exactly-once.
/// </summary>
internal static class KafkaClientConfigs
{
    public static ConsumerConfig Consumer(WorkerSettings settings)
    {
        WorkerOptions worker = settings.Worker;
        ConsumerConfig config = new()
        {
            BootstrapServers = settings.Kafka.BootstrapServers,
            GroupId = settings.Kafka.GroupId,
            ClientId = $"sensorwatch-scorer-{worker.ResolvedInstanceId}",
            GroupInstanceId = worker.StaticMembership ? worker.ResolvedInstanceId : null,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
            EnableAutoOffsetStore = false,
            EnableAutoCommit = !settings.ExactlyOnce,
            AutoCommitIntervalMs = 1000,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            IsolationLevel = IsolationLevel.ReadCommitted,
            SessionTimeoutMs = worker.SessionTimeoutMs,
            MaxPollIntervalMs = worker.MaxPollIntervalMs,
            StatisticsIntervalMs = worker.StatisticsIntervalMs,
            EnablePartitionEof = false,
            // Bound memory: at most ~16 MiB prefetched per process, whatever the partition count.
            QueuedMaxMessagesKbytes = 16384,
            FetchMaxBytes = 16 * 1024 * 1024,
            // Once that prefetch is full, librdkafka postpones the next fetch by fetch.queue.backoff.ms (default 1000 ms):
            // with ~3.7 KB windows that capped the worker at one 16 MiB queue per second (~4,400 windows/s, the loop
            // waiting in Consume ~45% of the time). 10 ms refills the queue as it drains (bench-pipeline: 4,400 → 7,800/s).
            FetchQueueBackoffMs = 10,
        };
        Apply(config, settings.Kafka);
        return config;
    }

    public static ProducerConfig Producer(WorkerSettings settings)
    {
        ProducerConfig config = new()
        {
            BootstrapServers = settings.Kafka.BootstrapServers,
            ClientId = $"sensorwatch-scorer-out-{settings.Worker.ResolvedInstanceId}",
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
            CompressionType = CompressionType.Lz4,
            // Bounded queue: Produce throws QueueFull instead of growing without limit (the loop then waits).
            QueueBufferingMaxMessages = 200000,
            QueueBufferingMaxKbytes = 128 * 1024,
            MessageTimeoutMs = 120000,
            StatisticsIntervalMs = 0,
            // Delivery reports are read for their error only: no copy of key, value and headers back into .NET per output.
            DeliveryReportFields = "status",
        };
        if (settings.ExactlyOnce)
        {
            config.TransactionalId = settings.TransactionalId;
            config.TransactionTimeoutMs = 60000;
            config.MessageTimeoutMs = 60000; // librdkafka requires message.timeout.ms <= transaction.timeout.ms
        }

        Apply(config, settings.Kafka);
        return config;
    }

    public static AdminClientConfig Admin(KafkaOptions options)
    {
        AdminClientConfig config = new()
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = "sensorwatch-admin",
        };
        Apply(config, options);
        return config;
    }

    /// <summary>
    /// Sets the worker's <c>Kafka:Client</c> pass-through settings (security, timeouts; null = none) over
    /// <paramref name="config"/>: every client the worker builds applies them last, so they win.
    /// </summary>
    public static void ApplyClient(ClientConfig config, IEnumerable<KeyValuePair<string, string>>? client)
    {
        foreach ((string key, string value) in client ?? [])
        {
            config.Set(key, value);
        }
    }

    private static void Apply(ClientConfig config, KafkaOptions options) => ApplyClient(config, options.Client);
}
