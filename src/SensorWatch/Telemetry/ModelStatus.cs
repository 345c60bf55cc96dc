namespace SensorWatch.Telemetry;

/// <summary>
/// What the model registry reports for one model key, read by the <c>sensorwatch.model.*</c> observable
/// gauges at each collection. <paramref name="TrainedAt"/> feeds <c>sensorwatch.model.age</c> (model stale alert).
/// </summary>
internal sealed record ModelStatus(string ModelKey, long Version, double Threshold, DateTimeOffset TrainedAt);
