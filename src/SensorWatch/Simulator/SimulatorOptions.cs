namespace SensorWatch.Simulator;

/// <summary>
/// Settings of a <see cref="SensorSimulator"/>. Speed: give <see cref="MessagesPerSecond"/> (default 200/s) or
/// <see cref="TimeScale"/> (sensor seconds per wall-clock second), not both; the other follows from sensors, stride
/// and interval. <see cref="AnomalyEvery"/> is the mean WALL-CLOCK time between two anomalies across all sensors.
/// </summary>
internal sealed record SimulatorOptions
{
    /// <summary>Kafka bootstrap servers (required).</summary>
    public string BootstrapServers { get; init; } = string.Empty;

    /// <summary>Number of simulated sensors, ids "&lt;prefix&gt;001".."&lt;prefix&gt;N".</summary>
    public int Sensors { get; init; } = 20;

    /// <summary>Sensor id prefix.</summary>
    public string SensorPrefix { get; init; } = "pump-";

    /// <summary>Model key written into window messages.</summary>
    public string Model { get; init; } = "pump";

    /// <summary>D features per sensor (see SyntheticSensorGenerator: temperature, pressure, flow, vibration, power, ...).</summary>
    public int Features { get; init; } = 8;

    /// <summary>Target message rate; null when <see cref="TimeScale"/> decides.</summary>
    public double? MessagesPerSecond { get; init; }

    /// <summary>Sensor time per wall-clock time; null when <see cref="MessagesPerSecond"/> decides.</summary>
    public double? TimeScale { get; init; }

    /// <summary>Mean wall-clock time between anomalies over the whole fleet; <see cref="TimeSpan.Zero"/> = none.</summary>
    public TimeSpan AnomalyEvery { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Wall-clock time at the start without anomalies (lets a cold-start model train on normal data).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.Zero;

    /// <summary>T, rows per window message.</summary>
    public int WindowLength { get; init; } = 64;

    /// <summary>Rows between the starts of consecutive windows of one sensor; null = <see cref="WindowLength"/> (no overlap).</summary>
    public int? Stride { get; init; }

    /// <summary>Time between two readings of a sensor.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Send one reading per message (<c>{"sensorId","model","ts","values"}</c>) instead of windows.</summary>
    public bool Readings { get; init; }

    /// <summary>Destination topic; null = "sensor.windows" (or "sensor.readings" with <see cref="Readings"/>).</summary>
    public string? Topic { get; init; }

    /// <summary>JSONL file receiving one ground-truth line per injected anomaly (overwritten).</summary>
    public string? TruthFile { get; init; }

    /// <summary>Topic receiving one ground-truth message per injected anomaly (key = sensorId).</summary>
    public string? TruthTopic { get; init; }

    /// <summary>Stop after this wall-clock time; null = until cancelled.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Timestamp of every sensor's first reading; null = chosen so the run ends near "now" (see docs/simulator.md).</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>Seed of every random draw.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Extra librdkafka producer settings (override the defaults: lz4, linger 20 ms, idempotent).</summary>
    public IReadOnlyDictionary<string, string> ProducerSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>How long <see cref="SensorSimulator.RunAsync"/> waits for a first metadata answer before failing.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the final flush may wait for outstanding deliveries; what is left counts as failed.</summary>
    public TimeSpan FlushTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Default rate when neither rate nor time scale is given.</summary>
    public const double DefaultMessagesPerSecond = 200;

    /// <summary>The effective stride.</summary>
    public int EffectiveStride => Readings ? 1 : Stride ?? WindowLength;

    /// <summary>The effective topic.</summary>
    public string EffectiveTopic => Topic ?? (Readings ? "sensor.readings" : "sensor.windows");

    /// <summary>Sensor rows advanced per message.</summary>
    private int RowsPerMessage => EffectiveStride;

    /// <summary>The effective message rate.</summary>
    public double EffectiveMessagesPerSecond => TimeScale is double scale
        ? scale * Sensors / (RowsPerMessage * Interval.TotalSeconds)
        : MessagesPerSecond ?? DefaultMessagesPerSecond;

    /// <summary>The effective time scale (sensor seconds per wall-clock second).</summary>
    public double EffectiveTimeScale => TimeScale ?? (EffectiveMessagesPerSecond / Sensors * RowsPerMessage * Interval.TotalSeconds);

    /// <summary>Lists every invalid setting (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        List<string> errors = [];
        if (string.IsNullOrWhiteSpace(BootstrapServers))
        {
            errors.Add("--bootstrap is required.");
        }

        if (Sensors is < 1 or > 100_000)
        {
            errors.Add($"--sensors must be 1..100000, was {Sensors}.");
        }

        if (Features is < 1 or > 256)
        {
            errors.Add($"--features must be 1..256, was {Features}.");
        }

        if (MessagesPerSecond is not null && TimeScale is not null)
        {
            errors.Add("give --rate or --time-scale, not both.");
        }

        if (MessagesPerSecond is double rate && !(rate > 0 && rate <= 1_000_000))
        {
            errors.Add($"--rate must be in (0, 1000000]/s, was {rate}.");
        }

        if (TimeScale is double scale && !(scale > 0 && scale <= 1_000_000))
        {
            errors.Add($"--time-scale must be in (0, 1000000], was {scale}.");
        }

        if (AnomalyEvery < TimeSpan.Zero || Warmup < TimeSpan.Zero)
        {
            errors.Add("--anomaly-every and --warmup must not be negative.");
        }

        if (WindowLength is < 1 or > 100_000)
        {
            errors.Add($"--window must be 1..100000, was {WindowLength}.");
        }

        if (Stride is int stride && (stride < 1 || stride > WindowLength))
        {
            errors.Add($"--stride must be 1..window ({WindowLength}), was {stride}.");
        }

        if (Interval <= TimeSpan.Zero || Interval.TotalMilliseconds % 1 != 0)
        {
            errors.Add($"--interval must be a positive whole number of milliseconds, was {Interval}.");
        }

        if (Duration is TimeSpan duration && duration <= TimeSpan.Zero)
        {
            errors.Add($"--duration must be positive, was {duration}.");
        }

        if (ConnectTimeout <= TimeSpan.Zero || FlushTimeout < TimeSpan.Zero)
        {
            errors.Add("connect timeout must be positive and flush timeout not negative.");
        }

        if (string.IsNullOrWhiteSpace(SensorPrefix) || string.IsNullOrWhiteSpace(Model))
        {
            errors.Add("sensor prefix and model must not be empty.");
        }

        return errors;
    }
}
