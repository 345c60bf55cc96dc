using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using SensorWatch.Configuration;
using SensorWatch.Health;
using SensorWatch.Kafka;
using SensorWatch.Telemetry;

namespace SensorWatch.Roles.Scorer;

/// <summary>
/// The scorer's ONE consume loop (run on its own long-running thread by <see cref="ScorerService"/>).
/// <para>Delivery guarantee, at-least-once (default): each consumed message gets an <see cref="InputTicket"/>; the
/// pipeline produces its outputs (score record, alert, or dead letter) through the idempotent producer; when the
/// broker has acknowledged all of them the ticket finishes, and the partition's <see cref="PartitionOffsetTracker"/>
/// stores the offset after the last CONTIGUOUS finished message; librdkafka auto-commits stored offsets. So a
/// committed offset never passes a window whose outputs are not durable. Revoked partitions are drained, stored and
/// committed before they go; lost partitions are dropped without committing (their new owner replays them).
/// Exactly-once: see ScorerLoop.Transactions.cs.</para>
/// <para>Back-pressure: above <see cref="ScorerOptions.MaxInFlightWindows"/> the partitions are paused while polling
/// continues (so <c>max.poll.interval.ms</c> is never exceeded), and resumed below half of it.</para>
/// <para>Errors are sorted by <see cref="KafkaErrorPolicy"/>: fatal ones end the loop with a reason (the host then
/// exits non-zero), everything else is logged and counted.</para>
/// </summary>
internal sealed partial class ScorerLoop : IDisposable
{
    private const string LoopName = "scorer";

    private static readonly TimeSpan s_maxPoll = TimeSpan.FromMilliseconds(100);

    private readonly WorkerSettings _settings;
    private readonly KafkaOptions _kafka;
    private readonly ScorerOptions _options;
    private readonly WorkerOptions _worker;
    private readonly WindowPipeline _pipeline;
    private readonly OutputPublisher _publisher;
    private readonly ModelRegistry _models;
    private readonly ScorerProgress _progress;
    private readonly ILogger _logger;
    private readonly SensorWatchTelemetry _telemetry;
    private readonly HealthState _health;
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly Dictionary<TopicPartition, PartitionOffsetTracker> _trackers = [];
    private readonly HashSet<PartitionOffsetTracker> _moved = [];
    private readonly bool _exactlyOnce;
    private readonly bool _readings;
    private IReadOnlyList<ModelStatusView>? _reportedModels;
    private bool _reachable;
    private string? _fatal;
    private bool _paused;
    private CancellationToken _stopping;

    public ScorerLoop(WorkerSettings settings, WindowPipeline pipeline, OutputPublisher publisher, ModelRegistry models,
        ScorerProgress progress, SensorWatchTelemetry telemetry, HealthState health, ILogger logger)
    {
        _telemetry = telemetry;
        _health = health;
        _settings = settings;
        _kafka = settings.Kafka;
        _options = settings.Scorer;
        _worker = settings.Worker;
        _pipeline = pipeline;
        _publisher = publisher;
        _models = models;
        _progress = progress;
        _logger = logger;
        _exactlyOnce = settings.ExactlyOnce;
        _readings = !_exactlyOnce && !string.IsNullOrEmpty(_kafka.Topics.Readings);
        _consumer = new ConsumerBuilder<byte[], byte[]>(KafkaClientConfigs.Consumer(settings))
            .SetErrorHandler((_, error) => OnClientError(error, "consumer"))
            .SetLogHandler((_, message) => OnClientLog(message))
            .SetStatisticsHandler((_, json) => OnStatistics(json))
            .SetPartitionsAssignedHandler((_, partitions) => OnAssigned(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => OnRevoked(partitions))
            .SetPartitionsLostHandler((_, partitions) => OnLost(partitions))
            .SetOffsetsCommittedHandler((_, committed) => OnCommitted(committed))
            .Build();
    }

    /// <summary>Why the loop ended badly (a fatal Kafka error), or null after a clean stop.</summary>
    public string? FatalError => _fatal;

    /// <summary>Runs until <paramref name="stopping"/> fires or a fatal error; then drains, commits and closes (bounded).</summary>
    public void Run(CancellationToken stopping)
    {
        _stopping = stopping;
        List<string> topics = InputTopics();
        LogStarting(_logger, string.Join("', '", topics), _kafka.GroupId, _kafka.Guarantee.ToString(), _options.BatchSize, (int)_options.MaxBatchDelay.TotalMilliseconds);
        _models.LoadStore();
        _pipeline.AlertState = State.AlertStateTopic.Open(_settings, _publisher, _logger);
        _pipeline.Feedback = Feedback.FeedbackReader.Start(_settings, _logger);
        if (_exactlyOnce)
        {
            InitTransactions();
        }

        _consumer.Subscribe(topics);
        _health.RegisterLoop(LoopName);
        _health.MarkAwaitingAssignment();
        _telemetry.SetModelStatusSource(ModelStatuses);
        while (!stopping.IsCancellationRequested && _fatal is null)
        {
            try
            {
                Iterate();
            }
            catch (ConsumeException exception)
            {
                OnClientError(exception.Error, "consume");
            }
            catch (KafkaException exception) when (KafkaErrorPolicy.Classify(exception) != KafkaErrorKind.Fatal)
            {
                OnClientError(exception.Error, "loop");
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
        _pipeline.AlertState?.Dispose();
        _pipeline.Feedback?.Dispose();
        _consumer.Dispose();
    }

    private void Iterate()
    {
        _health.Beat(LoopName);
        long started = Stopwatch.GetTimestamp();
        DrainCompletions();
        _progress.Stages.AddDeliveries(started);
        _models.Poll();
        if (_pipeline.FeedbackWaiting)
        {
            _pipeline.ApplyFeedback(_trackers.ContainsKey(new TopicPartition(_kafka.Topics.Windows, 0)), _stopping);
        }

        ReportModels();
        ApplyBackPressure();
        TimeSpan wait = _pipeline.UntilNextDue;
        started = Stopwatch.GetTimestamp();
        ConsumeResult<byte[], byte[]>? result = _consumer.Consume(wait < s_maxPoll ? wait : s_maxPoll);
        _progress.Stages.AddPoll(started);
        if (result is not null && !result.IsPartitionEOF)
        {
            if (!_reachable)
            {
                _reachable = true;
                _health.SetKafkaReachable();
            }

            Accept(result);
        }

        _pipeline.FlushDue(_stopping);
        if (_exactlyOnce)
        {
            MaybeCommitTransaction(force: false);
        }
    }

    private void Accept(ConsumeResult<byte[], byte[]> result)
    {
        if (!_trackers.TryGetValue(result.TopicPartition, out PartitionOffsetTracker? tracker))
        {
            return; // a message of a partition revoked in this very poll: its new owner reads it
        }

        tracker.Register(result.Offset.Value);
        _progress.AddConsumed();
        _telemetry.RecordMessagesConsumed(result.Topic);
        if (!_readings || result.Topic != _kafka.Topics.Readings)
        {
            _telemetry.RecordWindowsConsumed();
        }

        if (_exactlyOnce)
        {
            RecordPosition(result.TopicPartition, result.Offset.Value + 1);
        }

        InputTicket ticket = new(result.TopicPartitionOffset, tracker, DateTime.UtcNow);
        // The consume span continues the producer's traceparent (null when nobody listens: no cost).
        using Activity? activity = _telemetry.StartProcessActivity(result.Topic, result.Partition.Value, result.Offset.Value, _kafka.GroupId,
            result.Message.Headers);
        if (_readings && result.Topic == _kafka.Topics.Readings)
        {
            _pipeline.AcceptReading(result, ticket, _stopping);
        }
        else
        {
            _pipeline.Accept(result, ticket, _stopping);
        }
    }

    /// <summary>Finished tickets advance their partition; failed deliveries are retried (or abort the transaction).</summary>
    private void DrainCompletions()
    {
        long finished = 0;
        while (_publisher.TryTakeFinished(out InputTicket ticket))
        {
            finished += Finish(ticket);
        }

        if (!_exactlyOnce)
        {
            _progress.AddFinished(finished);
            StoreMovedOffsets();
        }

        _moved.Clear();
        while (_publisher.TryTakeClientError(out Error clientError))
        {
            OnClientError(clientError, "producer");
        }

        DrainUnconfirmed();
        while (_publisher.TryTakeFailed(out OutputRecord record, out Error error))
        {
            _progress.AddDeliveryFailure();
            _telemetry.RecordDeliveryFailure(record.Topic, error.Code.ToString());
            KafkaErrorKind kind = KafkaErrorPolicy.Classify(error);
            LogDeliveryFailed(_logger, record.Kind.ToString(), record.Topic, record.Ticket.Source.ToString(), error.Code.ToString(), error.Reason);
            if (kind == KafkaErrorKind.Fatal)
            {
                _fatal ??= $"delivery failed fatally: {error.Code}: {error.Reason}";
            }
            else if (_exactlyOnce)
            {
                _abortRequested = true; // the transaction cannot commit without this record; abort and replay
            }
            else if (record.Ticket.Detached || IsOwned(record.Ticket.Tracker))
            {
                _publisher.Retry(record);
            }
        }
    }

    /// <summary>A finished input advances its partition; a finished window of readings releases the readings it held.</summary>
    private long Finish(InputTicket ticket)
    {
        if (ticket.FollowUp is { } followUp)
        {
            // At-least-once alert-state checkpoint: produced only now that the window's alert is durable; the ticket
            // finishes again when it is acknowledged. A partition that was lost meanwhile belongs to another replica.
            ticket.FollowUp = null;
            if (ticket.Detached || IsOwned(ticket.Tracker))
            {
                _publisher.Publish(followUp, CancellationToken.None);
                return 0;
            }
        }

        if (ticket.Detached)
        {
            return 0;
        }

        if (ticket.Holds is { } readings)
        {
            long finished = 0;
            foreach (InputTicket reading in readings)
            {
                if (reading.OutputAcknowledged())
                {
                    finished += Finish(reading);
                }
            }

            return finished;
        }

        if (ticket.Tracker.MarkFinished(ticket.Source.Offset.Value))
        {
            _moved.Add(ticket.Tracker);
        }

        return 1;
    }

    /// <summary>The windows topic, plus the readings topic when configured (at-least-once only).</summary>
    private List<string> InputTopics()
    {
        List<string> topics = [_kafka.Topics.Windows];
        if (_readings)
        {
            topics.Add(_kafka.Topics.Readings);
        }
        else if (!string.IsNullOrEmpty(_kafka.Topics.Readings))
        {
            LogReadingsSkipped(_logger, _kafka.Topics.Readings);
        }

        return topics;
    }

    private void StoreMovedOffsets()
    {
        foreach (KeyValuePair<TopicPartition, PartitionOffsetTracker> entry in _trackers)
        {
            if (!_moved.Contains(entry.Value))
            {
                continue;
            }

            try
            {
                _consumer.StoreOffset(new TopicPartitionOffset(entry.Key, entry.Value.Committable));
            }
            catch (KafkaException exception)
            {
                // Local_State: the partition was just revoked or lost; its new owner re-reads from the last commit.
                LogStoreFailed(_logger, entry.Key.ToString(), exception.Error.Reason);
            }
        }
    }

    private bool IsOwned(PartitionOffsetTracker tracker) => _trackers.ContainsValue(tracker);

    /// <summary>Consumed inputs whose outputs are still owed; readings merely held in an open window do not count.</summary>
    private int InFlight()
    {
        int total = 0;
        foreach (PartitionOffsetTracker tracker in _trackers.Values)
        {
            total += _readings ? tracker.Unfinished : tracker.InFlight;
        }

        return total - _pipeline.HeldReadings;
    }

    private void ApplyBackPressure()
    {
        int inFlight = InFlight();
        if (!_paused && inFlight >= _worker.MaxInFlightWindows)
        {
            _paused = true;
            LogPaused(_logger, inFlight);
        }
        else if (_paused && inFlight <= _worker.MaxInFlightWindows / 2)
        {
            _paused = false;
            _consumer.Resume(_consumer.Assignment);
            LogResumed(_logger, inFlight);
        }

        if (_paused)
        {
            _consumer.Pause(_consumer.Assignment); // idempotent; also catches partitions assigned while paused
        }

        _progress.Paused = _paused;
    }

    /// <summary>Polls delivery reports until <paramref name="done"/> holds or the deadline passes; false on timeout.</summary>
    private bool DrainUntil(Func<bool> done, TimeSpan budget)
    {
        Stopwatch watch = Stopwatch.StartNew();
        while (true)
        {
            DrainCompletions();
            if (done())
            {
                return true;
            }

            if (watch.Elapsed > budget || _fatal is not null)
            {
                return false;
            }

            _publisher.Flush(TimeSpan.FromMilliseconds(50));
        }
    }

    private void Shutdown()
    {
        TimeSpan budget = TimeSpan.FromSeconds(_worker.ShutdownTimeoutSeconds);
        Stopwatch watch = Stopwatch.StartNew();
        try
        {
            if (_fatal is null)
            {
                _pipeline.FlushAll(CancellationToken.None);
                if (_exactlyOnce)
                {
                    MaybeCommitTransaction(force: true);
                }
                else if (!DrainUntil(() => InFlight() == 0, budget * 0.6))
                {
                    LogDrainTimeout(_logger, InFlight());
                }

                CommitStored("shutdown");
            }
        }
        catch (KafkaException exception)
        {
            LogCommitFailed(_logger, "shutdown", exception.Error.Code.ToString(), exception.Error.Reason);
        }

        TimeSpan left = budget - watch.Elapsed;
        Task close = Task.Run(_consumer.Close);
        bool closed;
        try
        {
            closed = close.Wait(left > TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1));
        }
        catch (AggregateException)
        {
            closed = true; // Close itself failed (e.g. a revoke handler's commit after a fatal error): reported below, never a crash
        }

        if (!closed)
        {
            LogCloseTimeout(_logger, budget.TotalSeconds);
        }
        else if (close.Exception is { } exception)
        {
            LogCommitFailed(_logger, "close", exception.GetBaseException().GetType().Name, exception.GetBaseException().Message);
        }

        LogStopped(_logger, _progress.Consumed, _progress.Scored, _progress.Probation, _progress.DeadLetters, watch.Elapsed.TotalSeconds);
    }

    private void CommitStored(string when)
    {
        if (_exactlyOnce)
        {
            return;
        }

        try
        {
            _consumer.Commit();
        }
        catch (TopicPartitionOffsetException exception)
        {
            _progress.AddCommitFailure();
            _telemetry.RecordCommitFailure(exception.Error.Code.ToString());
            LogCommitFailed(_logger, when, exception.Error.Code.ToString(), exception.Error.Reason);
        }
        catch (KafkaException exception) when (exception.Error.Code == ErrorCode.Local_NoOffset)
        {
            // nothing stored since the last commit
        }
        catch (KafkaException exception)
        {
            _progress.AddCommitFailure();
            _telemetry.RecordCommitFailure(exception.Error.Code.ToString());
            LogCommitFailed(_logger, when, exception.Error.Code.ToString(), exception.Error.Reason);
        }
    }

    private void OnClientError(Error error, string source)
    {
        KafkaErrorKind kind = KafkaErrorPolicy.Classify(error);
        if (error.Code is ErrorCode.Local_AllBrokersDown or ErrorCode.Local_Transport && source == "consumer")
        {
            _reachable = false;
            _health.SetKafkaUnreachable($"{error.Code}: {error.Reason}");
        }

        switch (kind)
        {
            case KafkaErrorKind.Fatal:
                _fatal ??= $"{source}: {error.Code}: {error.Reason}";
                LogFatal(_logger, source, error.Code.ToString(), error.Reason);
                break;
            case KafkaErrorKind.Transient:
                LogTransient(_logger, source, error.Code.ToString(), error.Reason);
                break;
            default:
                LogRetriable(_logger, source, error.Code.ToString(), error.Reason);
                break;
        }
    }

    private void OnStatistics(string json)
    {
        if (_telemetry.UpdateConsumerLag(json, out _))
        {
            long total = 0;
            foreach (PartitionLag lag in _telemetry.ConsumerLag)
            {
                total += lag.Lag;
            }

            _progress.SetLag(total);
        }
    }

    /// <summary>Tells health and the progress view when a key's model state changed.</summary>
    private void ReportModels()
    {
        IReadOnlyList<ModelStatusView> models = _models.Snapshot;
        if (ReferenceEquals(models, _reportedModels))
        {
            return;
        }

        _reportedModels = models;
        _progress.Models = models;
        foreach (ModelStatusView model in models)
        {
            if (model.Phase == ModelPhase.Ready)
            {
                _health.SetModelLoaded(model.ModelKey, model.VersionNumber);
            }
            else
            {
                _health.SetModelProbation(model.ModelKey);
            }
        }

        if (models.Count == 0 && _worker.ColdStart)
        {
            _health.SetModelProbation(_options.DefaultModel); // the default key waits for its first windows
        }
    }

    private IReadOnlyCollection<ModelStatus> ModelStatuses() =>
        [.. _models.Snapshot.Where(model => model.Phase == ModelPhase.Ready)
            .Select(model => new ModelStatus(model.ModelKey, model.VersionNumber, _pipeline.EffectiveThreshold(model.ModelKey, model.Version, model.Threshold),
                model.TrainedAt ?? DateTimeOffset.UtcNow))];

    private void OnClientLog(LogMessage message)
    {
        if (message.Level <= SyslogLevel.Warning)
        {
            LogClient(_logger, message.Name, message.Facility, message.Message);
        }
    }
}
