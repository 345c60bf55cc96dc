using System.Text.Json;
using Confluent.Kafka;
using SensorWatch.IntegrationTests.Infrastructure;

namespace SensorWatch.IntegrationTests.Reliability;

/// <summary>
/// One reliability test's world: an embedded cluster started by the test, the worker's topics, a model-store
/// directory, a configuration file for <c>sensorwatch run --config</c> (tiny cold-start model, small batches, fast
/// sessions and commits) and the ledger. Workers run the scorer role only, without sample forwarding or alert-state
/// checkpoints (in memory), so the faults a test injects hit the scorer's own clients. Workers run as real child processes (<see cref="SensorWatchProcess"/>), so a
/// test can SIGKILL or SIGTERM them.
/// </summary>
internal sealed class ChildWorkerWorld : IAsyncDisposable
{
    public const int Partitions = 4;
    public const int BatchSize = 8;
    public const int ProbationWindows = 16;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), TopicNames.Unique("sw-reliability"));
    private readonly List<SensorWatchProcess> _processes = [];

    private ChildWorkerWorld(KafkaTestEnvironment kafka)
    {
        Kafka = kafka;
        Directory.CreateDirectory(ModelStore);
    }

    public KafkaTestEnvironment Kafka { get; }

    public string Windows { get; private set; } = "";

    public string Scores { get; private set; } = "";

    public string Alerts { get; private set; } = "";

    public string DeadLetters { get; private set; } = "";

    /// <summary>The models topic the workers follow (hot swap); empty unless a test publishes to it.</summary>
    public string Models { get; private set; } = "";

    public string GroupId { get; } = TopicNames.Unique("reliability");

    public string ModelStore => Path.Combine(_directory, "models");

    /// <summary>The workers' session timeout: 2 s on the embedded cluster, 6 s (the broker minimum) on Apache Kafka.</summary>
    public int SessionTimeoutMs => Kafka.Backend == KafkaBackend.Embedded ? 2000 : 6000;

    public LedgerReader Ledger => new(Kafka.BootstrapServers, Scores, DeadLetters, Alerts);

    public static async Task<ChildWorkerWorld> StartAsync(KafkaBackend backend = KafkaBackend.Embedded)
    {
        KafkaTestEnvironment kafka = await KafkaTestEnvironment.StartAsync(backend).ConfigureAwait(false);
        ChildWorkerWorld world = new(kafka);
        world.Windows = await kafka.CreateTopicAsync("windows", Partitions).ConfigureAwait(false);
        world.Scores = await kafka.CreateTopicAsync("scores", 2).ConfigureAwait(false);
        world.Alerts = await kafka.CreateTopicAsync("alerts", 2).ConfigureAwait(false);
        world.DeadLetters = await kafka.CreateTopicAsync("dlq", 1).ConfigureAwait(false);
        world.Models = await kafka.CreateTopicAsync("models", 1).ConfigureAwait(false);
        return world;
    }

    /// <summary>
    /// Writes the configuration for instance <paramref name="instance"/> and starts <c>sensorwatch run</c> with it;
    /// <paramref name="client"/> adds librdkafka properties, <paramref name="worker"/> and <paramref name="telemetry"/>
    /// override <c>Worker</c> and <c>Telemetry</c> settings.
    /// </summary>
    public SensorWatchProcess StartWorker(string instance, string guarantee = "AtLeastOnce", IReadOnlyDictionary<string, string>? client = null,
        IReadOnlyDictionary<string, object>? worker = null, IReadOnlyDictionary<string, object>? telemetry = null,
        IReadOnlyDictionary<string, string>? environment = null, WorkerShape? shape = null)
    {
        Dictionary<string, string> clientSettings = new(StringComparer.Ordinal)
        {
            ["heartbeat.interval.ms"] = "300",
            ["topic.metadata.refresh.interval.ms"] = "1000",
            ["auto.commit.interval.ms"] = "100",
        };
        foreach ((string key, string value) in client ?? new Dictionary<string, string>())
        {
            clientSettings[key] = value;
        }

        Dictionary<string, object> workerSettings = new(StringComparer.Ordinal)
        {
            ["InstanceId"] = instance,
            // Apache Kafka refuses sessions under group.min.session.timeout.ms (6 s).
            ["SessionTimeoutMs"] = SessionTimeoutMs,
            ["ShutdownTimeoutSeconds"] = 10,
            ["StatisticsIntervalMs"] = 0,
            ["TransactionIntervalMs"] = 100,
            ["ModelStore"] = ModelStore,
            ["ColdStartHidden"] = 4,
            ["ColdStartLatent"] = 2,
            ["ColdStartEpochs"] = 2,
            // The suite proves the scorer's ledger: no trainer-bound samples producer beside it (its requests would
            // consume the Produce faults the tests inject for the scorer's outputs).
            ["PublishSamples"] = false,
        };
        foreach ((string key, object value) in worker ?? new Dictionary<string, object>())
        {
            workerSettings[key] = value;
        }

        string config = Path.Combine(_directory, $"{instance}-{_processes.Count}.json");
        File.WriteAllText(config, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["Kafka"] = new Dictionary<string, object>
            {
                ["BootstrapServers"] = Kafka.BootstrapServers,
                ["GroupId"] = GroupId,
                ["Guarantee"] = guarantee,
                ["StartupTimeout"] = "00:00:15",
                ["Topics"] = Topics(shape),
                ["Client"] = clientSettings,
            },
            ["Scorer"] = new Dictionary<string, object>
            {
                ["BatchSize"] = BatchSize,
                ["MaxBatchDelay"] = "00:00:00.010",
                ["ProbationWindows"] = ProbationWindows,
                ["OpenAfter"] = 2,
                ["ResolveAfter"] = 2,
            }.Concat(shape?.Scorer ?? new Dictionary<string, object>()).ToDictionary(),
            ["Worker"] = workerSettings,
            ["Telemetry"] = new Dictionary<string, object>(telemetry ?? new Dictionary<string, object>()) { ["BindAddress"] = "127.0.0.1", ["Port"] = 0 },
        }.Concat(shape?.Sections ?? new Dictionary<string, object>()).ToDictionary()));
        SensorWatchProcess process = SensorWatchProcess.Start(environment, "run", "--role", shape?.Role ?? "scorer", "--config", config);
        _processes.Add(process);
        return process;
    }

    private Dictionary<string, string> Topics(WorkerShape? shape)
    {
        Dictionary<string, string> topics = new(StringComparer.Ordinal)
        {
            ["Windows"] = Windows, ["Scores"] = Scores, ["Alerts"] = Alerts, ["DeadLetter"] = DeadLetters, ["Readings"] = "", ["Models"] = Models, ["AlertState"] = "",
        };
        foreach ((string name, string topic) in shape?.Topics ?? new Dictionary<string, string>())
        {
            topics[name] = topic;
        }

        return topics;
    }

    public IProducer<byte[], byte[]> CreateProducer() =>
        new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = Kafka.BootstrapServers,
            Acks = Acks.All,
            EnableIdempotence = true,
            LingerMs = 5,
            MessageTimeoutMs = 30_000,
        }).Build();

    public async ValueTask DisposeAsync()
    {
        foreach (SensorWatchProcess process in _processes)
        {
            process.Dispose();
        }

        await Kafka.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
