namespace SensorWatch.Roles.Scorer.Feedback;

/// <summary>One alert remembered by <see cref="RecentAlerts"/>: its sensor, model, version, span (Unix ms) and highest score.</summary>
internal sealed record RecentAlert(string AlertId, string SensorId, string ModelKey, string ModelVersion, long StartMs, long EndMs, double MaxScore);
