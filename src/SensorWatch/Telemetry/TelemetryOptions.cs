namespace SensorWatch.Telemetry;

/// <summary>
/// Configuration section <c>Telemetry</c> (also read as <c>SensorWatch:Telemetry</c>; env <c>SENSORWATCH__TELEMETRY__PORT</c> …).
/// Validated at start by <see cref="TelemetryOptionsValidator"/>, which lists every bad field.
/// </summary>
internal sealed class TelemetryOptions
{
    /// <summary>The configuration section bound to these options.</summary>
    public const string SectionName = "SensorWatch:Telemetry";

    /// <summary>The short section name, beside the worker's <c>Kafka</c> and <c>Scorer</c> sections; wins over <see cref="SectionName"/>.</summary>
    public const string ShortSectionName = "Telemetry";

    /// <summary>Serve <c>/metrics</c>, <c>/alive</c> and <c>/health</c> over HTTP.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Address the HTTP endpoints bind to (an IP address; <c>0.0.0.0</c> in containers, <c>127.0.0.1</c> in tests).</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>HTTP port of the endpoints (0 = any free port, used by tests).</summary>
    public int Port { get; set; } = 9464;

    /// <summary>A loop whose last heartbeat is older than this fails liveness.</summary>
    public double LivenessBudgetSeconds { get; set; } = 60;

    /// <summary>OTLP endpoint; empty = read <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; both empty = no OTLP export.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>The <c>service.name</c> resource attribute (overridden by <c>OTEL_SERVICE_NAME</c>).</summary>
    public string ServiceName { get; set; } = "sensorwatch";

    /// <summary>Console log format: <c>json</c> (one JSON object per line) or <c>simple</c> (human text).</summary>
    public string LogFormat { get; set; } = "json";
}
