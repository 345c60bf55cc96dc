using Microsoft.Extensions.Logging;

namespace SensorWatch.Telemetry;

/// <summary>Source-generated log messages of the telemetry and health endpoints (event ids 6000-6099).</summary>
internal static partial class TelemetryLog
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "Telemetry endpoints listening on {Address} (/metrics, /alive, /health), meter {Meter}")]
    public static partial void EndpointsListening(ILogger logger, string address, string meter);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "OTLP export enabled to {Endpoint}")]
    public static partial void OtlpEnabled(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Readiness failed: {Reasons}")]
    public static partial void NotReady(ILogger logger, string reasons);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Error, Message = "Liveness failed: {Reasons}")]
    public static partial void Stalled(ILogger logger, string reasons);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "Ignored librdkafka statistics: {Error}")]
    public static partial void StatisticsIgnored(ILogger logger, string error);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Information, Message = "Ready: every readiness check passes")]
    public static partial void Ready(ILogger logger);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "Telemetry endpoints stopped")]
    public static partial void EndpointsStopped(ILogger logger);
}
