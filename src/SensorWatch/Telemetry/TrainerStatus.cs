namespace SensorWatch.Telemetry;

/// <summary>
/// What the trainer role reports for one owned model key, read by the <c>sensorwatch.trainer.*</c> observable gauges at
/// each collection: its retraining <paramref name="Phase"/> (one of <see cref="Phases"/>) and the size of its
/// accepted-normal sample in windows.
/// </summary>
internal sealed record TrainerStatus(string ModelKey, string Phase, int SampleWindows)
{
    /// <summary>Every phase value, in cycle order; the phase gauge reports 1 for the key's phase and 0 for the others.</summary>
    public static readonly IReadOnlyList<string> Phases = ["idle", "training", "shadow", "watching"];
}
