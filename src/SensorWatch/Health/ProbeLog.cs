using Microsoft.Extensions.Logging;
using SensorWatch.Telemetry;

namespace SensorWatch.Health;

/// <summary>
/// Logs probe answers only when they change (ready ↔ not ready, alive ↔ stalled), so a failing probe polled every
/// few seconds leaves one line with its reasons instead of a flood.
/// </summary>
internal sealed class ProbeLog(ILogger logger)
{
    private int _ready = -1;
    private int _alive = -1;

    public void Readiness(HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (Changed(ref _ready, report.Healthy))
        {
            if (report.Healthy)
            {
                TelemetryLog.Ready(logger);
            }
            else
            {
                TelemetryLog.NotReady(logger, string.Join("; ", report.Reasons));
            }
        }
    }

    public void Liveness(HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (Changed(ref _alive, report.Healthy) && !report.Healthy)
        {
            TelemetryLog.Stalled(logger, string.Join("; ", report.Reasons));
        }
    }

    private static bool Changed(ref int state, bool healthy)
    {
        int value = healthy ? 1 : 0;
        return Interlocked.Exchange(ref state, value) != value;
    }
}
