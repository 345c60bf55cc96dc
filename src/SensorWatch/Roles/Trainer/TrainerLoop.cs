using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using SensorWatch.Core.Retraining;
using SensorWatch.Health;
using SensorWatch.Kafka;
using SensorWatch.Kafka.Messages;
using SensorWatch.Telemetry;

namespace SensorWatch.Roles.Trainer;

/// <summary>
/// The trainer role's ONE loop (on its own long-running thread, run by <see cref="TrainerService"/>): a consumer in
/// group <c>Kafka:TrainerGroupId</c> (cooperative-sticky) on the samples topic, whose records are keyed by model key,
/// so the keys spread over trainer replicas; one <see cref="RetrainingCoordinator"/> per model key seen on its
/// partitions. It feeds each coordinator the key's scored windows and alerts, the served model (models topic, else the
/// store) and operator feedback, polls it, and carries out its decisions: a promotion or rollback is written to the
/// model store and published to the models topic (every scorer then hot-swaps). Training runs on the coordinator's
/// own background thread; this loop never waits for it, and at most one key trains at a time per process.
/// <para>Delivery: samples are best-effort input, so nothing is committed. On each assigned partition the loop
/// re-reads the last <see cref="WorkerOptions.TrainerReplayRecords"/> records to rebuild its keys' samples; a revoked
/// or lost partition abandons its keys' cycles (nothing partial is ever published: only a finished, verified,
/// promoted model is).</para>
/// </summary>
internal sealed partial class TrainerLoop : IDisposable
{
    private const string LoopName = "trainer";
    private const int MaxRecordsPerIteration = 500;

    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(100);

    private readonly WorkerSettings _settings;
    private readonly RetrainingOptions _options;
    private readonly ModelStore? _store;
    private readonly TrainerProgress _progress;
    private readonly SensorWatchTelemetry _telemetry;
    private readonly HealthState _health;
    private readonly bool _ownsReadiness;
    private readonly ILogger _logger;
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly ModelTopicPublisher _publisher;
    private readonly ModelFeed _models;
    private readonly FeedbackFeed _feedback;
    private readonly RecentWindows _recent = new();
    private readonly Dictionary<string, KeyState> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServedModel> _served = new(StringComparer.Ordinal);
    private readonly HashSet<string> _maintenance = new(StringComparer.Ordinal);
    private readonly HashSet<TopicPartition> _assigned = [];
    private string? _fatal;
    private CancellationToken _stopping;

    /// <param name="ownsReadiness">True when no scorer runs in this process: the trainer then reports assignment and models to readiness.</param>
    public TrainerLoop(WorkerSettings settings, ModelStore? store, TrainerProgress progress, SensorWatchTelemetry telemetry, HealthState health,
        bool ownsReadiness, ILoggerFactory loggers)
    {
        _settings = settings;
        _options = settings.Retraining;
        _store = store;
        _progress = progress;
        _telemetry = telemetry;
        _health = health;
        _ownsReadiness = ownsReadiness;
        _logger = loggers.CreateLogger<TrainerLoop>();
        _consumer = new ConsumerBuilder<byte[], byte[]>(ConsumerConfig(settings))
            .SetLogHandler((_, _) => { })
            .SetErrorHandler((_, error) => OnClientError(error))
            .SetPartitionsAssignedHandler((consumer, partitions) => OnAssigned(consumer, partitions))
            .SetPartitionsRevokedHandler((_, partitions) => OnReleased([.. partitions.Select(p => p.TopicPartition)], "revoked"))
            .SetPartitionsLostHandler((_, partitions) => OnReleased([.. partitions.Select(p => p.TopicPartition)], "lost"))
            .Build();
        _publisher = new ModelTopicPublisher(settings.Kafka.BootstrapServers, settings.Kafka.Topics.Models, settings.Kafka.Client);
        _models = new ModelFeed(settings, loggers.CreateLogger<ModelFeed>());
        _feedback = new FeedbackFeed(settings, loggers.CreateLogger<FeedbackFeed>());
    }

    /// <summary>Why the loop ended badly (a fatal Kafka error), or null after a clean stop.</summary>
    public string? FatalError => _fatal;

    public void Run(CancellationToken stopping)
    {
        _stopping = stopping;
        LogStarting(_logger, _settings.Kafka.Topics.Samples, _settings.Kafka.TrainerGroupId, _options.Interval.ToString(), _options.MinNewWindows,
            _store is null ? "none" : _settings.Worker.ModelStore);
        _health.RegisterLoop(LoopName);
        if (_ownsReadiness)
        {
            _health.MarkAwaitingAssignment();
            _health.SetModelProbation(_settings.Scorer.DefaultModel);
        }

        _telemetry.SetTrainerStatusSource(TrainerStatuses);
        _consumer.Subscribe(_settings.Kafka.Topics.Samples);
        while (!stopping.IsCancellationRequested && _fatal is null)
        {
            try
            {
                Iterate();
            }
            catch (ConsumeException exception)
            {
                OnClientError(exception.Error);
            }
            catch (KafkaException exception) when (KafkaErrorPolicy.Classify(exception) != KafkaErrorKind.Fatal)
            {
                OnClientError(exception.Error);
            }
            catch (KafkaException exception)
            {
                _fatal = $"{exception.Error.Code}: {exception.Error.Reason}";
            }
        }

        Shutdown();
        _health.UnregisterLoop(LoopName);
    }

    public void Dispose()
    {
        foreach (KeyState state in _keys.Values)
        {
            state.Coordinator.Dispose();
        }

        _keys.Clear();
        _models.Dispose();
        _feedback.Dispose();
        _publisher.Dispose();
        _consumer.Dispose();
    }

    private void Iterate()
    {
        _health.Beat(LoopName);
        DrainModels();
        DrainFeedback();
        ConsumeResult<byte[], byte[]>? result = _consumer.Consume(s_poll);
        for (int read = 0; result is not null && read < MaxRecordsPerIteration; read++)
        {
            if (!result.IsPartitionEOF)
            {
                Accept(result);
            }

            result = _consumer.Consume(TimeSpan.Zero);
        }

        if (result is not null && !result.IsPartitionEOF)
        {
            Accept(result);
        }

        PollCoordinators();
        RetryPublications();
        ReportKeys();
    }

    private void Accept(ConsumeResult<byte[], byte[]> result)
    {
        _progress.AddSamples(1);
        _telemetry.RecordMessagesConsumed(result.Topic);
        if (!SampleCodec.TryDecode(result.Message.Value, out SampleMessage? sample, out string? error))
        {
            _progress.AddMalformed();
            LogMalformed(_logger, result.TopicPartitionOffset.ToString(), error);
            return;
        }

        KeyState state = Owned(sample.Model, result.TopicPartition);
        if (sample.Kind == SampleKind.Window)
        {
            SampleWindow window = new(sample.SensorId, sample.StartMs, sample.EndMs, sample.Values, sample.Score, sample.Anomalous, sample.Topic,
                sample.Partition, sample.Offset);
            _recent.Add(sample.Model, window);
            state.Coordinator.Observe(window, sample.ModelVersion);
            StartIfDue(state);
            return;
        }

        _recent.Alert(sample.AlertId!, sample.SensorId, sample.Model, sample.StartMs, sample.EndMs);
        state.Coordinator.ObserveAlert(sample.SensorId, sample.EndMs);
    }

    private void Shutdown()
    {
        foreach (KeyState state in _keys.Values)
        {
            state.Coordinator.Poll(new CancellationToken(canceled: true)); // abandons a running training: nothing partial is published
            Report(state.Coordinator.DrainEvents());
        }

        Task close = Task.Run(_consumer.Close);
        if (!close.Wait(TimeSpan.FromSeconds(_settings.Worker.ShutdownTimeoutSeconds)))
        {
            LogCloseTimeout(_logger);
        }

        LogStopped(_logger, _progress.Samples, _progress.Events.Count, _progress.Published);
    }

    private void OnClientError(Error error)
    {
        if (KafkaErrorPolicy.Classify(error) == KafkaErrorKind.Fatal)
        {
            _fatal ??= $"{error.Code}: {error.Reason}";
            LogFatal(_logger, error.Code.ToString(), error.Reason);
        }
        else
        {
            LogClientError(_logger, error.Code.ToString(), error.Reason);
        }
    }

    private static ConsumerConfig ConsumerConfig(WorkerSettings settings)
    {
        ConsumerConfig config = new()
        {
            BootstrapServers = settings.Kafka.BootstrapServers,
            GroupId = settings.Kafka.TrainerGroupId,
            ClientId = $"sensorwatch-trainer-{settings.Worker.ResolvedInstanceId}",
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
            EnableAutoCommit = false,          // samples are best effort; a new owner replays the recent tail instead
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Latest,
            SessionTimeoutMs = settings.Worker.SessionTimeoutMs,
            MaxPollIntervalMs = settings.Worker.MaxPollIntervalMs,
            QueuedMaxMessagesKbytes = 16384,
        };
        KafkaClientConfigs.ApplyClient(config, settings.Kafka.Client);

        return config;
    }

    /// <summary>One owned model key: its coordinator and the samples partition it arrives on.</summary>
    private sealed class KeyState(RetrainingCoordinator coordinator, TopicPartition partition)
    {
        public RetrainingCoordinator Coordinator { get; set; } = coordinator;

        public TopicPartition Partition { get; set; } = partition;

        /// <summary>The phase last shown in <see cref="TrainerProgress"/> (null = never).</summary>
        public RetrainPhase? ReportedPhase { get; set; }
    }
}
