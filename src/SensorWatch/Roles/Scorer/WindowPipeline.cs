using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using SensorWatch.Configuration;
using SensorWatch.Kafka;
using SensorWatch.Kafka.Messages;
using SensorWatch.Kafka.Readings;
using SensorWatch.Telemetry;

namespace SensorWatch.Roles.Scorer;

/// <summary>
/// The scorer's per-message work, on the loop thread: decode and validate (<see cref="WindowDecoder"/>) → dead letter,
/// or → probation record (cold start), or → the batch of its model key; full or overdue batches are scored with one
/// matrix-matrix pass, each verdict drives the sensor's alert state machine, and the score record and any alert are
/// produced. Every output is tied to its input's <see cref="InputTicket"/>, which is sealed once the last output for it
/// has been handed to the producer.
/// </summary>
internal sealed partial class WindowPipeline : IDisposable
{
    private const string TraceParentHeader = "traceparent";

    private static readonly TimeSpan s_inFlightPoll = TimeSpan.FromMilliseconds(1);

    private readonly TopicOptions _topics;
    private readonly ScorerOptions _options;
    private readonly ModelRegistry _models;
    private readonly OutputPublisher _publisher;
    private readonly ScorerProgress _progress;
    private readonly SensorWatchTelemetry _telemetry;
    private readonly ILogger _logger;
    private readonly WindowDecoder _decoder;
    private readonly DecodedWindow _window = new();
    private readonly ScoreRecordEncoder _scores = new();
    private readonly AlertEncoder _alertEncoder;
    private readonly DeadLetterBuilder _deadLetters;
    private readonly Dictionary<string, PendingBatch> _batches = new(StringComparer.Ordinal);
    private readonly AlertBook _alerts;
    private readonly long _maxDelayTicks;

    public WindowPipeline(WorkerSettings settings, ModelRegistry models, OutputPublisher publisher, ScorerProgress progress,
        SensorWatchTelemetry telemetry, ILogger logger, TimeProvider? time = null)
    {
        _topics = settings.Kafka.Topics;
        _options = settings.Scorer;
        _models = models;
        _publisher = publisher;
        _progress = progress;
        _telemetry = telemetry;
        _logger = logger;
        _alerts = new AlertBook(_options.AlertPolicy(), settings.ExactlyOnce);
        _alertEncoder = new AlertEncoder(_options.TopFeatures);
        _deadLetters = new DeadLetterBuilder(_options.Limits.MaxDeadLetterValueBytes);
        ModelRouter router = new(_options.DefaultModel, _options.ModelRules, ShapeOf, settings.Worker.ColdStart ? null : IsKnown);
        _decoder = new WindowDecoder(_options.Limits, router, time);
        _maxDelayTicks = (long)(_options.MaxBatchDelay.TotalSeconds * Stopwatch.Frequency);
        _intake = new ReadingIntake(new ReadingDecoder(_options.Limits, time), new ReadingWindowAssembler(_options.Readings), _decoder);
    }

    /// <summary>How long until the oldest batched window is due (the loop polls at most this long).</summary>
    public TimeSpan UntilNextDue
    {
        get
        {
            long oldest = long.MaxValue;
            foreach (PendingBatch batch in _batches.Values)
            {
                if (batch.Count > 0 && batch.OldestTimestamp < oldest)
                {
                    oldest = batch.OldestTimestamp;
                }
            }

            TimeSpan soonest = _inFlight is null ? TimeSpan.FromSeconds(1) : s_inFlightPoll;   // come back soon to publish it
            if (oldest == long.MaxValue)
            {
                return soonest;
            }

            long left = oldest + _maxDelayTicks - Stopwatch.GetTimestamp();
            return left <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(left * TimeSpan.TicksPerSecond / Stopwatch.Frequency, soonest.Ticks));
        }
    }

    public void Accept(ConsumeResult<byte[], byte[]> message, InputTicket ticket, CancellationToken cancellationToken)
    {
        try
        {
            long started = Stopwatch.GetTimestamp();
            DecodeResult decoded = _decoder.Decode(message.Message.Key, message.Message.Value, KafkaHeaders.TotalBytes(message.Message.Headers), _window);
            _progress.Stages.AddDecode(started);
            if (!decoded.IsOk)
            {
                DeadLetter(message.Message, ticket, decoded.Reason, decoded.Detail, null, cancellationToken);
                return;
            }

            Route(message, ticket, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not KafkaException)
        {
            // A bug or an unexpected model failure on one message must not stop the loop: dead-letter it, visibly.
            LogProcessingError(_logger, message.TopicPartitionOffset.ToString(), exception);
            DeadLetter(message.Message, ticket, DeadLetterReason.ProcessingError, exception.Message, exception, cancellationToken);
        }
    }

    /// <summary>Scores every batch whose oldest window waited <see cref="ScorerOptions.MaxBatchDelay"/>.</summary>
    public void FlushDue(CancellationToken cancellationToken)
    {
        PublishIfScored(cancellationToken);
        long now = Stopwatch.GetTimestamp();
        foreach (PendingBatch batch in _batches.Values)
        {
            if (batch.Count > 0 && now - batch.OldestTimestamp >= _maxDelayTicks)
            {
                CompleteInFlight(null, cancellationToken);
                ScoreBatch(batch, cancellationToken);
            }
        }
    }

    public void FlushAll(CancellationToken cancellationToken)
    {
        CompleteInFlight(null, cancellationToken);
        foreach (PendingBatch batch in _batches.Values)
        {
            if (batch.Count > 0)
            {
                ScoreBatch(batch, cancellationToken);
            }
        }
    }

    /// <summary>Lost partitions: forget their batched windows (never scored, never committed: the new owner replays them).</summary>
    public void Drop(IReadOnlyCollection<TopicPartition> partitions)
    {
        CompleteInFlight(partitions, CancellationToken.None);   // its other partitions' windows are published, the lost ones' left out
        foreach (PendingBatch batch in _batches.Values)
        {
            batch.RemovePartitions(partitions);
        }
    }

    /// <summary>Exactly-once abort: forget every batched window and restore alert state to the last commit.</summary>
    public void Reset()
    {
        DiscardInFlight();
        foreach (PendingBatch batch in _batches.Values)
        {
            batch.Clear();
        }

        _alerts.Rollback();
    }

    /// <summary>Exactly-once commit: the alert state as of now is durable.</summary>
    public void TransactionCommitted() => _alerts.Commit();

    public void Dispose()
    {
        _window.Dispose();
        _background?.Dispose();
    }

    private void Route(ConsumeResult<byte[], byte[]> message, InputTicket ticket, CancellationToken cancellationToken)
    {
        string key = _window.ModelKey;
        ModelSlot slot = _models.GetOrCreate(key);
        PendingWindow item = new(_window.SensorId, _window.WindowId, _window.StartMs, _window.EndMs, ticket, TraceParent(message.Message.Headers), message.Message);
        if (slot.Phase != ModelPhase.Ready)
        {
            // Cold start: keep the window for training and account for it with a probation score record.
            IReadOnlyList<string> names = _window.FeatureNameCount > 0 ? _window.FeatureNames.ToArray() : DefaultNames(_window.FeatureCount);
            _models.Collect(slot, _window.Values, _window.Length, _window.FeatureCount, names);
            PublishScore(item, key, ScoreStatus.Probation, double.NaN, double.NaN, false, 0, null, [], cancellationToken);
            _publisher.Seal(ticket);
            _progress.AddProbation();
            _telemetry.RecordWindowsUnscored(key, UnscoredReason.Probation);
            return;
        }

        PendingBatch batch = BatchFor(slot);
        batch.Add(_window.Values, item, Stopwatch.GetTimestamp());
        if (batch.IsFull && _options.ScoreInBackground)
        {
            ScoreInBackground(slot, batch, cancellationToken);
        }
        else if (batch.IsFull)
        {
            ScoreBatch(batch, cancellationToken);
        }
    }

    private PendingBatch BatchFor(ModelSlot slot)
    {
        IScoringModel model = slot.Model!;
        int latent = _options.IncludeLatent ? model.LatentSize : 0;
        if (!_batches.TryGetValue(slot.ModelKey, out PendingBatch? batch)
            || batch.WindowLength != model.WindowLength || batch.Features != model.Features || batch.LatentSize != latent)
        {
            if (batch is { Count: > 0 })
            {
                throw new InvalidOperationException($"Model '{slot.ModelKey}' changed shape with {batch.Count} windows batched.");
            }

            batch = new PendingBatch(slot.ModelKey, _options.BatchSize, model.WindowLength, model.Features, latent);
            _batches[slot.ModelKey] = batch;
        }

        return batch;
    }

    private void PublishScore(in PendingWindow item, string modelKey, ScoreStatus status, double score, double threshold, bool anomalous, int severity,
        string? modelVersion, ReadOnlySpan<float> latent, CancellationToken cancellationToken)
    {
        TopicPartitionOffset source = item.Ticket.Source;
        byte[] value = _scores.Encode(new ScoreRecordFields(item.SensorId, modelKey, item.StartMs, item.EndMs, score, threshold, anomalous, severity,
            modelVersion, status, item.WindowId, source.Topic, source.Partition.Value, source.Offset.Value), latent);
        _publisher.Publish(new OutputRecord(_topics.Scores, Keyed(item, value), item.Ticket, OutputKind.Score), cancellationToken);
    }

    private void DeadLetter(Message<byte[], byte[]> message, InputTicket ticket, DeadLetterReason reason, string detail, Exception? exception,
        CancellationToken cancellationToken)
    {
        TopicPartitionOffset source = ticket.Source;
        List<KeyValuePair<string, byte[]?>> headers = [];
        foreach (IHeader header in message.Headers ?? [])
        {
            headers.Add(new(header.Key, header.GetValueBytes()));
        }

        DeadLetterRecord dead = _deadLetters.Build(reason, detail, new DeadLetterSource(source.Topic, source.Partition.Value, source.Offset.Value),
            message.Key, message.Value, message.Timestamp.UtcDateTime, exception, headers);
        Headers outHeaders = [];
        foreach (KeyValuePair<string, byte[]> header in dead.Headers)
        {
            outHeaders.Add(header.Key, header.Value);
        }

        Message<byte[], byte[]> record = new() { Key = dead.Key!, Value = dead.Value!, Headers = outHeaders };
        _publisher.Publish(new OutputRecord(_topics.DeadLetter, record, ticket, OutputKind.DeadLetter), cancellationToken);
        _publisher.Seal(ticket);
        _progress.AddDeadLetter(reason.Code());
        _telemetry.RecordDeadLetter(reason.Code());
        LogDeadLetter(_logger, source.ToString(), reason.Code(), detail);
    }

    private ModelShape? ShapeOf(string modelKey)
    {
        ModelSlot? slot = _models.Find(modelKey);
        if (slot is null || !slot.HasShape)
        {
            return null;
        }

        return new ModelShape(slot.WindowLength, slot.Features, slot.Model is null ? null : slot.FeatureNames);
    }

    private bool IsKnown(string modelKey) => _models.Find(modelKey)?.Model is not null;

    private static Message<byte[], byte[]> Keyed(in PendingWindow item, byte[] value)
    {
        Message<byte[], byte[]> message = new() { Key = Encoding.UTF8.GetBytes(item.SensorId), Value = value };
        if (item.TraceParent is not null)
        {
            message.Headers = [new Header(TraceParentHeader, Encoding.ASCII.GetBytes(item.TraceParent))];
        }

        return message;
    }

    private static string? TraceParent(Headers? headers)
    {
        if (headers is not null && headers.TryGetLastBytes(TraceParentHeader, out byte[] value) && value.Length is > 0 and < 128)
        {
            return Encoding.ASCII.GetString(value);
        }

        return null;
    }

    private static string[] DefaultNames(int count) => [.. Enumerable.Range(0, count).Select(i => $"f{i}")];
}
