namespace SensorWatch.Health;

/// <summary>One check inside a health report: its name, whether it passes and why.</summary>
internal sealed record HealthCheck(string Name, bool Healthy, string Detail);
