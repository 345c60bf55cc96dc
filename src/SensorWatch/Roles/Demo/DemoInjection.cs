using SensorWatch.Core.Synthetic;

namespace SensorWatch.Roles.Demo;

/// <summary>One injected anomaly (sensor time span, wall time of injection) and whether a model could score it then.</summary>
internal sealed record DemoInjection(string SensorId, AnomalyKind Kind, DateTimeOffset Start, DateTimeOffset End, TimeSpan Wall, bool DuringColdStart);
