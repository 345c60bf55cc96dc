namespace SensorWatch.Core.Synthetic;

/// <summary>What <see cref="SyntheticSensorGenerator.Next"/> reports about the row it wrote.</summary>
/// <param name="Row">0-based index of the row in the stream.</param>
/// <param name="Timestamp">Time of the row.</param>
/// <param name="Label">The active anomaly kind, <see cref="AnomalyKind.None"/> for a normal row.</param>
/// <param name="StartedEvent">The event that starts at this row (its end is already known), otherwise null.</param>
public readonly record struct SyntheticRow(long Row, DateTimeOffset Timestamp, AnomalyKind Label, AnomalyEvent? StartedEvent)
{
    /// <summary>Whether the row is labelled anomalous.</summary>
    public bool IsAnomalous => Label != AnomalyKind.None;
}
