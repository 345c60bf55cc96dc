using System.Buffers;
using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using SensorWatch.Core.Synthetic;

namespace SensorWatch.Simulator;

/// <summary>
/// Produces synthetic sensor windows (or single readings) to Kafka at a steady rate, injecting labelled anomalies, and
/// reports the ground truth (JSONL file, topic, <see cref="AnomalyInjected"/> and <see cref="GroundTruth"/>).
/// Used by <c>sensorwatch simulate</c> and, in-process, by <c>sensorwatch demo</c>.
/// </summary>
/// <remarks>
/// Messages: key = sensorId, a fresh W3C <c>traceparent</c> header each, round-robin over the sensors. Producer:
/// idempotent, acks=all, lz4, linger 20 ms (override through <see cref="SimulatorOptions.ProducerSettings"/>).
/// Sensor clocks: all sensors start at <see cref="StartTime"/>; when the simulated clock would run more than
/// <see cref="MaxClockLead"/> ahead of the wall clock (workers reject windows from the future) the simulator waits,
/// i.e. slows to real time. One run per instance.
/// </remarks>
internal sealed class SensorSimulator
{
    /// <summary>How far sensor time may run ahead of the wall clock (the worker accepts 5 min by default).</summary>
    public static readonly TimeSpan MaxClockLead = TimeSpan.FromMinutes(4);

    private const int MaxTruthRecords = 100_000;

    private readonly SimulatorOptions _options;
    private readonly TextWriter? _log;
    private readonly SimulatedSensor[] _sensors;
    private readonly List<GroundTruthRecord> _truth = [];
    private readonly Lock _truthGate = new();
    private readonly Stopwatch _clock = new();
    private long _produced;
    private long _delivered;
    private long _failed;
    private long _bytes;
    private long _anomalies;
    private string? _lastError;
    private int _started;

    /// <summary>Prepares a simulation; throws <see cref="ArgumentException"/> listing every invalid option.</summary>
    public SensorSimulator(SimulatorOptions options, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid simulator options: " + string.Join(" ", errors), nameof(options));
        }

        _options = options;
        _log = log;
        double timeScale = options.EffectiveTimeScale;
        StartTime = options.Start ?? DefaultStart(options, timeScale);
        SyntheticSensorOptions generator = GeneratorOptions(options, timeScale, StartTime);
        Random seeds = new(options.Seed);
        int digits = Math.Max(3, options.Sensors.ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        _sensors = [.. Enumerable.Range(1, options.Sensors).Select(i =>
            new SimulatedSensor(options.SensorPrefix + i.ToString("D" + digits, System.Globalization.CultureInfo.InvariantCulture),
                generator, options, new Random(seeds.Next())))];
        FeatureNames = _sensors[0].FeatureNames;
        MeanGapRowsPerSensor = generator.MeanGapRows;
    }

    /// <summary>Raised on the simulation task when an anomaly starts (its end is already known).</summary>
    public event Action<GroundTruthRecord>? AnomalyInjected;

    /// <summary>Timestamp of every sensor's first reading.</summary>
    public DateTimeOffset StartTime { get; }

    /// <summary>The D feature names of every sensor.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Mean normal rows between two anomalies of one sensor (0 = injection off).</summary>
    public int MeanGapRowsPerSensor { get; }

    /// <summary>The options in force.</summary>
    public SimulatorOptions Options => _options;

    /// <summary>A snapshot of the counters.</summary>
    public SimulatorStatistics Statistics
    {
        get
        {
            long produced = Interlocked.Read(ref _produced);
            double rowsPerSensor = (double)produced / _sensors.Length * _options.EffectiveStride;
            return new SimulatorStatistics(produced, Interlocked.Read(ref _delivered), Interlocked.Read(ref _failed),
                Interlocked.Read(ref _bytes), Interlocked.Read(ref _anomalies), _clock.Elapsed,
                TimeSpan.FromTicks((long)(rowsPerSensor * _options.Interval.Ticks)), Volatile.Read(ref _lastError));
        }
    }

    /// <summary>Every anomaly injected so far (the first 100,000), oldest first.</summary>
    public IReadOnlyList<GroundTruthRecord> GroundTruth
    {
        get
        {
            lock (_truthGate)
            {
                return [.. _truth];
            }
        }
    }

    /// <summary>Runs until <see cref="SimulatorOptions.Duration"/> passes or <paramref name="cancellationToken"/> fires,
    /// then flushes (bounded by <see cref="SimulatorOptions.FlushTimeout"/>) and returns the final statistics; throws
    /// <see cref="KafkaException"/> at once when no broker answers within <see cref="SimulatorOptions.ConnectTimeout"/>. Cancellation is a normal stop, not an error.</summary>
    public async Task<SimulatorStatistics> RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("A SensorSimulator runs once; create a new one.");
        }

        using IProducer<string, byte[]> producer = BuildProducer();
        EnsureReachable(producer, _options.ConnectTimeout);
        await using StreamWriter? truthFile = _options.TruthFile is null ? null : new StreamWriter(_options.TruthFile, append: false, new UTF8Encoding(false));
        ArrayBufferWriter<byte> truthBuffer = new(512);
        List<AnomalyEvent> started = [];
        double rate = _options.EffectiveMessagesPerSecond;
        long burst = Math.Max(1, (long)(rate * 0.05));
        int next = 0;
        bool throttled = false;
        _clock.Start();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                TimeSpan elapsed = _clock.Elapsed;
                if (_options.Duration is TimeSpan duration && elapsed >= duration)
                {
                    break;
                }

                long produced = Interlocked.Read(ref _produced);
                long due = Math.Min((long)(elapsed.TotalSeconds * rate) + 1, produced + burst);
                while (produced < due && !cancellationToken.IsCancellationRequested)
                {
                    SimulatedSensor sensor = _sensors[next];
                    if (sensor.NextMessageEnd > DateTimeOffset.UtcNow + MaxClockLead)
                    {
                        if (!throttled)
                        {
                            _log?.WriteLine($"simulate: sensor time reached the wall clock (+{MaxClockLead.TotalMinutes:0} min); slowing to real time.");
                            throttled = true;
                        }

                        break;
                    }

                    started.Clear();
                    byte[] value = sensor.NextMessage(started);
                    foreach (AnomalyEvent anomaly in started)
                    {
                        await ReportAsync(producer, truthFile, truthBuffer, sensor.SensorId, anomaly).ConfigureAwait(false);
                    }

                    if (!Produce(producer, _options.EffectiveTopic, sensor.SensorId, value, countAsData: true, cancellationToken))
                    {
                        break;
                    }

                    produced = Interlocked.Increment(ref _produced);
                    Interlocked.Add(ref _bytes, value.Length);
                    next = (next + 1) % _sensors.Length;
                }

                double waitMs = Math.Clamp((((produced + 1) / rate) - _clock.Elapsed.TotalSeconds) * 1000, 1, 50);
                await Task.Delay(TimeSpan.FromMilliseconds(waitMs), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // A normal stop.
        }
        finally
        {
            int left = producer.Flush(_options.FlushTimeout);
            long undelivered = Interlocked.Read(ref _produced) - Interlocked.Read(ref _delivered) - Interlocked.Read(ref _failed);
            if (left > 0 || undelivered > 0)
            {
                // Still queued after the bounded flush: they will never be acknowledged by this run, so they count as failed.
                Interlocked.Add(ref _failed, Math.Max(0, undelivered));
                Volatile.Write(ref _lastError, $"{undelivered} message(s) undelivered after a {_options.FlushTimeout.TotalSeconds:0.#} s flush ({Volatile.Read(ref _lastError) ?? "no error reported"})");
            }

            _clock.Stop();
        }

        return Statistics;
    }

    private async Task ReportAsync(IProducer<string, byte[]> producer, StreamWriter? truthFile, ArrayBufferWriter<byte> buffer,
        string sensorId, AnomalyEvent anomaly)
    {
        GroundTruthRecord record = new(sensorId, _options.Model, anomaly.Kind, anomaly.FeatureNames, anomaly.Start, anomaly.End,
            anomaly.StartRow, anomaly.EndRow);
        Interlocked.Increment(ref _anomalies);
        lock (_truthGate)
        {
            if (_truth.Count < MaxTruthRecords)
            {
                _truth.Add(record);
            }
        }

        byte[] json = SimulatorJson.Truth(buffer, record);
        if (truthFile is not null)
        {
            await truthFile.WriteLineAsync(Encoding.UTF8.GetString(json)).ConfigureAwait(false);
            await truthFile.FlushAsync().ConfigureAwait(false);
        }

        if (_options.TruthTopic is not null)
        {
            _ = Produce(producer, _options.TruthTopic, sensorId, json, countAsData: false, CancellationToken.None);
        }

        AnomalyInjected?.Invoke(record);
    }

    /// <summary>Hands one message to the producer, waiting while its queue is full; false when cancelled meanwhile or refused locally.</summary>
    private bool Produce(IProducer<string, byte[]> producer, string topic, string key, byte[] value, bool countAsData, CancellationToken cancellationToken)
    {
        Message<string, byte[]> message = new() { Key = key, Value = value, Headers = [] };
        message.Headers.Add("traceparent", Encoding.ASCII.GetBytes(
            $"00-{ActivityTraceId.CreateRandom().ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01"));
        while (true)
        {
            try
            {
                producer.Produce(topic, message, report =>
                {
                    if (!countAsData)
                    {
                        if (report.Error.IsError)
                        {
                            Volatile.Write(ref _lastError, $"truth: {report.Error.Reason}");
                        }

                        return;
                    }

                    if (report.Error.IsError)
                    {
                        Interlocked.Increment(ref _failed);
                        Volatile.Write(ref _lastError, report.Error.Reason);
                    }
                    else
                    {
                        Interlocked.Increment(ref _delivered);
                    }
                });
                return true;
            }
            catch (ProduceException<string, byte[]> error) when (error.Error.Code == ErrorCode.Local_QueueFull)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return false;
                }

                producer.Poll(TimeSpan.FromMilliseconds(50));   // back-pressure: wait for deliveries to free the queue
            }
            catch (ProduceException<string, byte[]> error)
            {
                Interlocked.Increment(ref _failed);
                Volatile.Write(ref _lastError, $"{topic}: {error.Error.Reason}");
                return false;
            }
        }
    }

    /// <summary>Fails fast (<see cref="KafkaException"/>) when no broker answers a metadata request within <paramref name="timeout"/>.</summary>
    private static void EnsureReachable(IProducer<string, byte[]> producer, TimeSpan timeout)
    {
        using IAdminClient admin = new DependentAdminClientBuilder(producer.Handle).Build();
        Metadata metadata = admin.GetMetadata(timeout);
        if (metadata.Brokers.Count == 0)
        {
            throw new KafkaException(new Error(ErrorCode.Local_AllBrokersDown, "no broker listed in the cluster metadata"));
        }
    }

    private IProducer<string, byte[]> BuildProducer()
    {
        ProducerConfig config = new()
        {
            BootstrapServers = _options.BootstrapServers,
            ClientId = "sensorwatch-simulator",
            EnableIdempotence = true,
            Acks = Acks.All,
            CompressionType = CompressionType.Lz4,
            LingerMs = 20,
            BatchSize = 1_000_000,
            QueueBufferingMaxMessages = 100_000,
            MessageTimeoutMs = 60_000,
        };
        foreach (KeyValuePair<string, string> setting in _options.ProducerSettings)
        {
            config.Set(setting.Key, setting.Value);
        }

        return new ProducerBuilder<string, byte[]>(config)
            .SetLogHandler((_, entry) => _log?.WriteLine($"simulate: librdkafka {entry.Level}: {entry.Message}"))
            .SetErrorHandler((_, error) => Volatile.Write(ref _lastError, error.Reason))
            .Build();
    }

    /// <summary>Sensor time starts so that the planned run (or one hour when open-ended) ends near now, at most 29 days back.</summary>
    private static DateTimeOffset DefaultStart(SimulatorOptions options, double timeScale)
    {
        TimeSpan wall = options.Duration ?? TimeSpan.FromHours(1);
        double lookbackSeconds = Math.Min(wall.TotalSeconds * timeScale, TimeSpan.FromDays(29).TotalSeconds);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        long intervalTicks = options.Interval.Ticks;
        long startTicks = now.UtcTicks - (long)(lookbackSeconds * TimeSpan.TicksPerSecond);
        return new DateTimeOffset(startTicks - (startTicks % intervalTicks), TimeSpan.Zero);
    }

    /// <summary>
    /// Maps the fleet-wide wall-clock anomaly period to a per-sensor gap in rows:
    /// mean gap (rows) = AnomalyEvery × timeScale / interval × sensors.
    /// </summary>
    internal static SyntheticSensorOptions GeneratorOptions(SimulatorOptions options, double timeScale, DateTimeOffset start)
    {
        double rowsPerWallSecond = timeScale / options.Interval.TotalSeconds;
        double meanGap = options.AnomalyEvery.TotalSeconds * rowsPerWallSecond * options.Sensors;
        int meanGapRows = options.AnomalyEvery == TimeSpan.Zero ? 0 : (int)Math.Clamp(meanGap, 8, int.MaxValue / 2);
        int minGap = Math.Clamp(meanGapRows / 2, 1, 128);
        int t = options.Readings ? 64 : options.WindowLength;
        return new SyntheticSensorOptions
        {
            Features = options.Features,
            Interval = options.Interval,
            Start = start,
            MeanGapRows = meanGapRows,
            MinGapRows = meanGapRows == 0 ? 128 : minGap,
            InitialNormalRows = (long)(options.Warmup.TotalSeconds * rowsPerWallSecond),
            MinDurationRows = Math.Max(4, t / 2),
            MaxDurationRows = Math.Max(4, 2 * t),
        };
    }
}
