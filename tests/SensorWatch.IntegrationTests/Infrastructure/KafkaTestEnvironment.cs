using Confluent.Kafka;
using Confluent.Kafka.Admin;
using SensorWatch.Embedded;

namespace SensorWatch.IntegrationTests.Infrastructure;

/// <summary>
/// A Kafka for one test: the embedded cluster (default; a fresh one per environment, with fault injection through
/// <see cref="Cluster"/>) or Apache Kafka in a shared container. Creates disposable topics, makes tracked clients,
/// and on <see cref="DisposeAsync"/> deletes its topics and fails the test if a tracked client was not disposed.
/// </summary>
/// <example><code>
/// await using KafkaTestEnvironment kafka = await KafkaTestEnvironment.StartAsync(backend);
/// string topic = await kafka.CreateTopicAsync("windows", partitions: 4);
/// using IProducer&lt;string, string&gt; producer = kafka.CreateProducer();
/// </code></example>
public sealed class KafkaTestEnvironment : IAsyncDisposable
{
    /// <summary>Default bound for one produce/consume helper call.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    private readonly List<string> _topics = [];
    private readonly ClientTracker _clients = new();
    private bool _disposed;

    private KafkaTestEnvironment(KafkaBackend backend, string bootstrapServers, EmbeddedKafkaCluster? cluster)
    {
        Backend = backend;
        BootstrapServers = bootstrapServers;
        EmbeddedCluster = cluster;
    }

    public KafkaBackend Backend { get; }

    public string BootstrapServers { get; }

    /// <summary>The embedded cluster (fault injection); null on the container backend.</summary>
    internal EmbeddedKafkaCluster? EmbeddedCluster { get; }

    /// <summary>The embedded cluster; throws on the container backend (for fault-injection tests).</summary>
    internal EmbeddedKafkaCluster Cluster => EmbeddedCluster ??
        throw new InvalidOperationException("Fault injection needs the embedded cluster; this environment runs on Apache Kafka.");

    /// <summary>Starts an environment; <paramref name="brokers"/> applies to the embedded cluster only.</summary>
    public static async Task<KafkaTestEnvironment> StartAsync(KafkaBackend backend = KafkaBackend.Embedded, int brokers = 3,
        CancellationToken cancellationToken = default)
    {
        if (backend == KafkaBackend.Embedded)
        {
            EmbeddedKafkaCluster cluster = new(new EmbeddedKafkaClusterOptions { Brokers = brokers });
            return new KafkaTestEnvironment(backend, cluster.BootstrapServers, cluster);
        }

        using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        string bootstrap = await KafkaContainerHost.GetBootstrapServersAsync(timeout.Token).ConfigureAwait(false);
        return new KafkaTestEnvironment(backend, bootstrap, null);
    }

    /// <summary>Creates a topic with a unique name starting with <paramref name="prefix"/> and returns the name.</summary>
    public async Task<string> CreateTopicAsync(string prefix = "test", int partitions = 1, int replicationFactor = 1)
    {
        string name = TopicNames.Unique(prefix);
        if (EmbeddedCluster is not null)
        {
            EmbeddedCluster.CreateTopic(name, partitions, replicationFactor);
        }
        else
        {
            using IAdminClient admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).Build();
            await admin.CreateTopicsAsync(
                [new TopicSpecification { Name = name, NumPartitions = partitions, ReplicationFactor = (short)replicationFactor }],
                new CreateTopicsOptions { OperationTimeout = DefaultTimeout, RequestTimeout = DefaultTimeout }).ConfigureAwait(false);
        }

        _topics.Add(name);
        return name;
    }

    /// <summary>A tracked producer (acks=all, idempotent by default) with short timeouts for tests.</summary>
    public IProducer<string, string> CreateProducer(Action<ProducerConfig>? configure = null)
    {
        ProducerConfig config = new()
        {
            BootstrapServers = BootstrapServers,
            Acks = Acks.All,
            EnableIdempotence = true,
            LingerMs = 5,
            MessageTimeoutMs = 30_000,
            ClientId = "test-producer",
        };
        configure?.Invoke(config);
        return _clients.Track(new ProducerBuilder<string, string>(config).Build());
    }

    /// <summary>A tracked consumer in group <paramref name="groupId"/> (unique when null), reading from the earliest offset.</summary>
    public IConsumer<string, string> CreateConsumer(string? groupId = null, Action<ConsumerConfig>? configure = null)
    {
        ConsumerConfig config = new()
        {
            BootstrapServers = BootstrapServers,
            GroupId = groupId ?? TopicNames.Unique("group"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
            // The mock waits session.timeout - 1 s for members to rejoin on every rebalance (a cooperative
            // hand-over takes two); Apache Kafka refuses sessions under group.min.session.timeout.ms (6 s).
            SessionTimeoutMs = Backend == KafkaBackend.Embedded ? 3_000 : 6_000,
            HeartbeatIntervalMs = 300,
            ClientId = "test-consumer",
        };
        configure?.Invoke(config);
        return _clients.Track(new ConsumerBuilder<string, string>(config).Build());
    }

    /// <summary>Produces every message and waits for all delivery reports (fails on any error or after <paramref name="timeout"/>).</summary>
    public async Task<IReadOnlyList<DeliveryResult<string, string>>> ProduceAsync(string topic,
        IEnumerable<KeyValuePair<string, string>> messages, TimeSpan? timeout = null)
    {
        using IProducer<string, string> producer = CreateProducer();
        return await KafkaTestClients.ProduceAsync(producer, topic, messages, timeout ?? DefaultTimeout).ConfigureAwait(false);
    }

    /// <summary>Consumes until <paramref name="count"/> messages arrived (fails after <paramref name="timeout"/>), then closes the consumer.</summary>
    public IReadOnlyList<ConsumeResult<string, string>> Consume(string topic, int count, TimeSpan? timeout = null, string? groupId = null)
    {
        using IConsumer<string, string> consumer = CreateConsumer(groupId);
        consumer.Subscribe(topic);
        try
        {
            return KafkaTestClients.Consume(consumer, count, timeout ?? DefaultTimeout);
        }
        finally
        {
            consumer.Close();
        }
    }

    /// <summary>Fails if any client made by this environment is still open.</summary>
    public void AssertNoLeaks() => _clients.AssertAllDisposed();

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            _clients.AssertAllDisposed();
        }
        finally
        {
            if (EmbeddedCluster is not null)
            {
                EmbeddedCluster.Dispose();
            }
            else if (_topics.Count > 0)
            {
                using IAdminClient admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).Build();
                await admin.DeleteTopicsAsync(_topics, new DeleteTopicsOptions { OperationTimeout = DefaultTimeout }).ConfigureAwait(false);
            }
        }
    }
}
