using SensorWatch.Roles.Scorer;

namespace SensorWatch.Roles.Demo;

/// <summary>Everything the view shows at one instant.</summary>
internal sealed record DemoSnapshot(TimeSpan Elapsed, TimeSpan Duration, string? MetricsUrl, long Produced, long Consumed, double Throughput, long Lag,
    long Scored, long Probation, long DeadLetters, int Injected, long AlertsOpened, long AlertsResolved, IReadOnlyList<ModelStatusView> Models,
    IReadOnlyList<DemoAlert> Alerts, DemoRetrains? Retrains = null);
