using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SensorWatch.IntegrationTests.Infrastructure;
using SensorWatch.Roles;
using SensorWatch.Roles.Scorer;

namespace SensorWatch.IntegrationTests.Worker;

/// <summary>
/// One test's world: a Kafka (embedded cluster by default), disposable input/output topics, a unique group, and
/// helpers to run real workers in-process, produce windows and read every output back (read_committed).
/// Set SENSORWATCH_TEST_LOGS=1 to see the worker's logs.
/// </summary>
internal sealed class WorkerTestKit : IAsyncDisposable
{
    private readonly List<RunningWorker> _workers = [];

    private WorkerTestKit(KafkaTestEnvironment kafka)
    {
        Kafka = kafka;
    }

    public KafkaTestEnvironment Kafka { get; }

    public string Windows { get; private set; } = "";

    public string Alerts { get; private set; } = "";

    public string Scores { get; private set; } = "";

    public string DeadLetters { get; private set; } = "";

    /// <summary>The readings topic, or "" when the kit was started without one (the worker then consumes windows only).</summary>
    public string Readings { get; private set; } = "";

    public string GroupId { get; } = TopicNames.Unique("scorer");

    public static async Task<WorkerTestKit> StartAsync(KafkaBackend backend = KafkaBackend.Embedded, int partitions = 4, bool readings = false)
    {
        KafkaTestEnvironment kafka = await KafkaTestEnvironment.StartAsync(backend).ConfigureAwait(false);
        WorkerTestKit kit = new(kafka);
        kit.Windows = await kafka.CreateTopicAsync("windows", partitions).ConfigureAwait(false);
        kit.Alerts = await kafka.CreateTopicAsync("alerts", 2).ConfigureAwait(false);
        kit.Scores = await kafka.CreateTopicAsync("scores", 2).ConfigureAwait(false);
        kit.DeadLetters = await kafka.CreateTopicAsync("dlq", 1).ConfigureAwait(false);
        if (readings)
        {
            kit.Readings = await kafka.CreateTopicAsync("readings", 1).ConfigureAwait(false);
        }
        return kit;
    }

    /// <summary>The settings every test worker uses: this kit's topics and group, fast sessions, small batches.</summary>
    public Dictionary<string, string?> Settings(string instance) => new()
    {
        ["Kafka:BootstrapServers"] = Kafka.BootstrapServers,
        ["Kafka:GroupId"] = GroupId,
        ["Worker:InstanceId"] = instance,
        ["Kafka:Topics:Windows"] = Windows,
        ["Kafka:Topics:Alerts"] = Alerts,
        ["Kafka:Topics:Scores"] = Scores,
        ["Kafka:Topics:DeadLetter"] = DeadLetters,
        ["Kafka:Topics:Readings"] = Readings,
        ["Kafka:StartupTimeout"] = "00:00:10",
        ["Kafka:Client:heartbeat.interval.ms"] = "300",
        ["Kafka:Client:topic.metadata.refresh.interval.ms"] = "1000",
        ["Worker:SessionTimeoutMs"] = Kafka.Backend == KafkaBackend.Embedded ? "3000" : "6000",
        ["Worker:ShutdownTimeoutSeconds"] = "10",
        ["Worker:StatisticsIntervalMs"] = "500",
        ["Worker:TransactionIntervalMs"] = "100",
        ["Telemetry:BindAddress"] = "127.0.0.1",
        ["Telemetry:Port"] = "0",
        ["Scorer:BatchSize"] = "32",
        ["Scorer:MaxBatchDelay"] = "00:00:00.010",
        ["Scorer:ProbationWindows"] = "20",
        ["Scorer:OpenAfter"] = "2",
        ["Scorer:ResolveAfter"] = "2",
    };

    /// <summary>Starts a worker; <paramref name="configure"/> edits its settings first.</summary>
    public async Task<RunningWorker> StartWorkerAsync(string instance = "w1", Action<Dictionary<string, string?>>? configure = null,
        IModelTrainer? trainer = null, IModelStore? store = null)
    {
        Dictionary<string, string?> settings = Settings(instance);
        configure?.Invoke(settings);
        if (settings.GetValueOrDefault("Kafka:Guarantee") == "ExactlyOnce" && settings.GetValueOrDefault("Kafka:Topics:Readings") == Readings)
        {
            settings["Kafka:Topics:Readings"] = ""; // the readings form is at-least-once only (refused with ExactlyOnce)
        }

        RunningWorker worker = new(TestWorkerHost.Build(settings,
            services =>
            {
                services.AddSingleton(trainer ?? new StatisticalTestTrainer());
                if (store is not null)
                {
                    services.AddSingleton(store);
                }
            },
            LogLevel.Debug));
        _workers.Add(worker);
        await worker.StartAsync().ConfigureAwait(false);
        return worker;
    }

    public Task<IReadOnlyList<DeliveryResult<string, string>>> ProduceAsync(IEnumerable<(string Key, string Value)> messages) =>
        Kafka.ProduceAsync(Windows, messages.Select(message => new KeyValuePair<string, string>(message.Key, message.Value)));

    /// <summary>Produces raw bytes (for invalid UTF-8 and the like).</summary>
    public async Task ProduceRawAsync(byte[]? key, byte[] value, Headers? headers = null)
    {
        using IProducer<byte[]?, byte[]> producer = new ProducerBuilder<byte[]?, byte[]>(new ProducerConfig { BootstrapServers = Kafka.BootstrapServers, Acks = Acks.All }).Build();
        await producer.ProduceAsync(Windows, new Message<byte[]?, byte[]> { Key = key, Value = value, Headers = headers }).ConfigureAwait(false);
    }

    /// <summary>Reads <paramref name="topic"/> from the start (read_committed) until <paramref name="done"/> holds.</summary>
    public List<OutputView> ReadUntil(string topic, Func<List<OutputView>, bool> done, TimeSpan timeout)
    {
        List<OutputView> records = [];
        using IConsumer<byte[], byte[]> consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = Kafka.BootstrapServers,
            GroupId = TopicNames.Unique("reader"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            IsolationLevel = IsolationLevel.ReadCommitted,
        }).Build();
        consumer.Subscribe(topic);
        Stopwatch clock = Stopwatch.StartNew();
        try
        {
            while (!done(records))
            {
                if (clock.Elapsed > timeout)
                {
                    throw new TimeoutException($"Read {records.Count} records from {topic} in {timeout.TotalSeconds:0} s without reaching the expected state.");
                }

                try
                {
                    ConsumeResult<byte[], byte[]>? result = consumer.Consume(TimeSpan.FromMilliseconds(100));
                    if (result is not null && !result.IsPartitionEOF)
                    {
                        records.Add(OutputView.From(result));
                    }
                }
                catch (ConsumeException exception) when (!exception.Error.IsFatal)
                {
                    // injected broker errors reach this reader too; it retries like any consumer
                }
            }
        }
        finally
        {
            consumer.Close();
        }

        return records;
    }

    /// <summary>Reads everything currently in <paramref name="topic"/> (stops after it has been quiet for <paramref name="quiet"/>).</summary>
    public List<OutputView> ReadAll(string topic, TimeSpan quiet)
    {
        Stopwatch lastSeen = Stopwatch.StartNew();
        int count = -1;
        return ReadUntil(topic, records =>
        {
            if (records.Count != count)
            {
                count = records.Count;
                lastSeen.Restart();
            }

            return lastSeen.Elapsed > quiet;
        }, TimeSpan.FromSeconds(60));
    }

    /// <summary>The group's committed offsets for the windows topic (or <paramref name="topic"/>).</summary>
    public IReadOnlyList<TopicPartitionOffset> CommittedOffsets(int partitions, string? topic = null)
    {
        using IConsumer<byte[], byte[]> consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = Kafka.BootstrapServers,
            GroupId = GroupId,
            EnableAutoCommit = false,
        }).Build();
        return consumer.Committed([.. Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic ?? Windows, p))], TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (RunningWorker worker in _workers)
        {
            await worker.DisposeAsync().ConfigureAwait(false);
        }

        await Kafka.DisposeAsync().ConfigureAwait(false);
    }
}
