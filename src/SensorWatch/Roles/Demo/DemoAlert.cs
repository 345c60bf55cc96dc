namespace SensorWatch.Roles.Demo;

/// <summary>One alert transition seen by the demo (sensor time of its window, wall time it was published).</summary>
internal sealed record DemoAlert(string SensorId, string AlertId, string State, DateTimeOffset WindowStart, DateTimeOffset WindowEnd, int Severity,
    TimeSpan Wall);
