using Microsoft.Extensions.Logging;

namespace SensorWatch.Telemetry;

/// <summary>Hands the telemetry web server's loggers to the host's logger factory (so its filters apply first).</summary>
internal sealed class ForwardingLoggerProvider(ILoggerFactory target) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => target.CreateLogger(categoryName);

    public void Dispose()
    {
        // The target factory belongs to the host; nothing to release here.
    }
}
