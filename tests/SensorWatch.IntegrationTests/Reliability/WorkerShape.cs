namespace SensorWatch.IntegrationTests.Reliability;

/// <summary>
/// What a <see cref="ChildWorkerWorld"/> worker runs beyond the default scorer: its <c>--role</c>, topic overrides
/// (<c>Kafka:Topics:*</c>, e.g. a readings or samples topic), extra <c>Scorer</c> settings (e.g. <c>Readings</c>) and
/// extra top-level configuration sections (e.g. <c>Retraining</c>).
/// </summary>
internal sealed record WorkerShape(string Role = "scorer")
{
    public IReadOnlyDictionary<string, string> Topics { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, object> Scorer { get; init; } = new Dictionary<string, object>();

    public IReadOnlyDictionary<string, object> Sections { get; init; } = new Dictionary<string, object>();
}
