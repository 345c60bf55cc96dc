using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using SensorWatch.Core.Alerting;
using SensorWatch.Kafka;
using SensorWatch.Kafka.Messages;
using SensorWatch.Telemetry;

namespace SensorWatch.Roles.Scorer;

/// <summary>
/// Feeds the trainer: scored windows (values, verdict, served model version, source position; the share chosen by
/// <see cref="SampleSelection"/>, <c>Worker:SampleFraction</c>) and every alert open/resolve go to
/// <c>Kafka:Topics:Samples</c> in the binary sample format (<see cref="SampleBinary"/>), key = MODEL KEY (so a trainer
/// group spreads keys over replicas).
/// <para>Best effort, by design: its own producer (not the scorer's, never in a transaction), acks=1, no retries beyond
/// librdkafka's; nothing here can block or fail scoring or offset commits. The loop thread encodes a taken window
/// straight from the batch (a header and a copy of its float32 values) and hands the record to a bounded queue
/// (<see cref="QueueCapacity"/> records); <c>Produce</c> runs on an own thread (<c>sw-samples</c>). A full queue
/// (hand-off or producer) drops the sample and counts it; failures are counted and logged at most every 10 s.
/// Switched off with <c>Worker:PublishSamples=false</c>. <see cref="Forward"/> is called on the loop thread only.</para>
/// </summary>
internal sealed partial class SampleForwarder : IDisposable
{
    /// <summary>Samples waiting for the encoder thread at most (~2 KiB of values each for ref-small windows).</summary>
    public const int QueueCapacity = 4096;

    private static readonly long s_logEvery = Stopwatch.Frequency * 10;
    private static readonly TimeSpan s_drainOnClose = TimeSpan.FromSeconds(2);

    private readonly IProducer<byte[], byte[]> _producer;
    private readonly string _topic;
    private readonly SampleSelection _selection;
    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);   // model key → UTF-8 (loop thread only)
    private readonly SensorWatchTelemetry _telemetry;
    private readonly ILogger _logger;
    private readonly Action<DeliveryReport<byte[], byte[]>> _onDelivered;
    private readonly Channel<Outgoing> _queue = Channel.CreateBounded<Outgoing>(new BoundedChannelOptions(QueueCapacity)
    {
        SingleReader = true,
        SingleWriter = true,
        FullMode = BoundedChannelFullMode.Wait,   // TryWrite returns false when full: the sample is dropped, never waited for
    });

    private readonly Thread _encoder;
    private long _drainDeadline = long.MaxValue;
    private long _produced;
    private long _sent;
    private long _dropped;
    private long _failed;
    private long _skipped;
    private long _lastLog = long.MinValue;

    private SampleForwarder(ProducerConfig config, string topic, double fraction, SensorWatchTelemetry telemetry, ILogger logger)
    {
        _topic = topic;
        _selection = new SampleSelection(fraction);
        _telemetry = telemetry;
        _logger = logger;
        _onDelivered = OnDelivered;
        _producer = new ProducerBuilder<byte[], byte[]>(config).SetLogHandler((_, _) => { }).SetErrorHandler((_, _) => { }).Build();
        _encoder = new Thread(EncodeLoop) { IsBackground = true, Name = "sw-samples" };
        _encoder.Start();
    }

    /// <summary>Samples acknowledged by the broker (any thread).</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Samples dropped because the hand-off queue or the producer's queue was full (any thread).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Samples whose delivery failed (any thread).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Scored windows not forwarded because of <c>Worker:SampleFraction</c> (loop thread).</summary>
    public long Skipped => _skipped;

    /// <summary>A forwarder when <see cref="WorkerOptions.PublishSamples"/> is on; null when it is off.</summary>
    public static SampleForwarder? Create(WorkerSettings settings, SensorWatchTelemetry telemetry, ILogger logger)
    {
        if (!settings.Worker.PublishSamples)
        {
            return null;
        }

        ProducerConfig config = new()
        {
            BootstrapServers = settings.Kafka.BootstrapServers,
            ClientId = $"sensorwatch-samples-{settings.Worker.ResolvedInstanceId}",
            Acks = Acks.Leader,
            EnableIdempotence = false,
            LingerMs = 50,
            CompressionType = CompressionType.Lz4,
            QueueBufferingMaxMessages = 50000,
            QueueBufferingMaxKbytes = 64 * 1024,
            MessageTimeoutMs = 30000,
            StatisticsIntervalMs = 0,
        };
        KafkaClientConfigs.ApplyClient(config, settings.Kafka.Client);

        return new SampleForwarder(config, settings.Kafka.Topics.Samples, settings.Worker.SampleFraction, telemetry, logger);
    }

    /// <summary>
    /// Forwards one scored window (values (T, D) raw) when <see cref="SampleSelection"/> takes it, and, when it opened or
    /// resolved an alert, that transition (always). Never throws.
    /// </summary>
    public void Forward(string sensorId, string modelKey, long startMs, long endMs, ReadOnlySpan<float> values, int windowLength, int features,
        in WindowResult result, string? modelVersion, TopicPartitionOffset source, in AlertTransition transition)
    {
        byte[] key = KeyOf(modelKey);
        if (_selection.Takes(sensorId, startMs, result.Anomalous, alertOpen: transition.AlertId is not null))
        {
            try
            {
                Enqueue(key, SampleBinary.EncodeWindow(sensorId, modelKey, startMs, endMs, windowLength, features, values, result.Score,
                    result.Threshold, result.Anomalous, result.Imputed ? ScoreStatus.Imputed : ScoreStatus.Scored, modelVersion, source.Topic,
                    source.Partition.Value, source.Offset.Value));
            }
            catch (ArgumentException exception)
            {
                Unencodable(exception);
            }
        }
        else
        {
            _skipped++;
        }

        if (transition.Kind is AlertTransitionKind.Open or AlertTransitionKind.Resolved && transition.AlertId is { } alertId)
        {
            SampleKind kind = transition.Kind == AlertTransitionKind.Open ? SampleKind.AlertOpened : SampleKind.AlertResolved;
            SampleMessage alert = SampleMessage.ForAlert(kind, sensorId, modelKey, alertId, transition.WindowStartMs, transition.WindowEndMs,
                transition.Score, transition.Threshold, modelVersion);
            try
            {
                Enqueue(key, SampleBinary.Encode(alert));
            }
            catch (ArgumentException exception)
            {
                Unencodable(exception);
            }
        }
    }

    public void Dispose()
    {
        // Bounded drain: the encoder sends what is queued until the deadline, then drops (counts) the rest and stops.
        Interlocked.Exchange(ref _drainDeadline, Stopwatch.GetTimestamp() + (long)(s_drainOnClose.TotalSeconds * Stopwatch.Frequency));
        _queue.Writer.TryComplete();
        _encoder.Join();
        if (Interlocked.Read(ref _produced) > 0)
        {
            _producer.Flush(TimeSpan.FromSeconds(2)); // bounded: best effort, whatever is still queued after that is dropped
        }

        _producer.Dispose();
        LogClosed(_logger, _topic, Sent, Dropped, Failed, Skipped, _selection.Fraction);
    }

    private void Unencodable(ArgumentException exception)
    {
        // a string over 64 KiB: best effort, counted; the loop must not fail for it
        Interlocked.Increment(ref _failed);
        Report(new Error(ErrorCode.Local_Fail, exception.Message));
    }

    private void Enqueue(byte[] key, byte[] value)
    {
        if (!_queue.Writer.TryWrite(new Outgoing(key, value)))
        {
            Interlocked.Increment(ref _dropped);
            Report(new Error(ErrorCode.Local_QueueFull, "the samples hand-off queue is full"));
        }
    }

    private byte[] KeyOf(string modelKey)
    {
        if (!_keys.TryGetValue(modelKey, out byte[]? key))
        {
            if (_keys.Count >= 4096)
            {
                _keys.Clear();   // bounded: model keys are few; a flood of distinct keys only costs re-encoding
            }

            key = Encoding.UTF8.GetBytes(modelKey);
            _keys.Add(modelKey, key);
        }

        return key;
    }

    /// <summary>The samples thread: produces queued samples until the queue is completed (or the close deadline passes).</summary>
    private void EncodeLoop()
    {
        ChannelReader<Outgoing> reader = _queue.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out Outgoing sample))
            {
                if (Stopwatch.GetTimestamp() > Interlocked.Read(ref _drainDeadline))
                {
                    Interlocked.Increment(ref _dropped);
                    continue;
                }

                Send(sample);
            }
        }
    }

    private void Send(Outgoing sample)
    {
        try
        {
            Message<byte[], byte[]> message = new() { Key = sample.Key, Value = sample.Value };
            _producer.Produce(_topic, message, _onDelivered);
            Interlocked.Increment(ref _produced);
        }
        catch (KafkaException exception)
        {
            Interlocked.Increment(ref _dropped);
            Report(exception.Error);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or ObjectDisposedException)
        {
            // a closed producer: best effort, counted; the encoder thread must not die
            Interlocked.Increment(ref _failed);
            Report(new Error(ErrorCode.Local_Fail, exception.Message));
        }
    }

    private void OnDelivered(DeliveryReport<byte[], byte[]> report)
    {
        if (report.Error.IsError)
        {
            Interlocked.Increment(ref _failed);
            Report(report.Error);
        }
        else
        {
            Interlocked.Increment(ref _sent);
        }
    }

    private void Report(Error error)
    {
        _telemetry.RecordDeliveryFailure(_topic, error.Code.ToString());
        long now = Stopwatch.GetTimestamp();
        long last = Interlocked.Read(ref _lastLog);
        if (now - last >= s_logEvery && Interlocked.CompareExchange(ref _lastLog, now, last) == last)
        {
            LogProblem(_logger, _topic, error.Code.ToString(), error.Reason, Dropped, Failed);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Samples to '{Topic}' are being lost (best effort, scoring unaffected): {Code} {Reason}; {Dropped} dropped, {Failed} failed so far")]
    private static partial void LogProblem(ILogger logger, string topic, string code, string reason, long dropped, long failed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Samples to '{Topic}': {Sent} sent, {Dropped} dropped, {Failed} failed, {Skipped} normal windows not taken (Worker:SampleFraction {Fraction})")]
    private static partial void LogClosed(ILogger logger, string topic, long sent, long dropped, long failed, long skipped, double fraction);

    /// <summary>One encoded record waiting for the samples thread.</summary>
    private readonly record struct Outgoing(byte[] Key, byte[] Value);
}
