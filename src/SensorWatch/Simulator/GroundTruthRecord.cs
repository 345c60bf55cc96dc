using SensorWatch.Core.Synthetic;

namespace SensorWatch.Simulator;

/// <summary>One injected anomaly as the simulator reports it (JSONL line or truth-topic message).</summary>
/// <param name="SensorId">The sensor it was injected into.</param>
/// <param name="Model">The sensor's model key.</param>
/// <param name="Kind">The anomaly kind.</param>
/// <param name="Features">Names of the features involved (broken relation: altered sensor, then partner).</param>
/// <param name="Start">Timestamp of the first anomalous reading.</param>
/// <param name="End">Timestamp just after the last anomalous reading (exclusive).</param>
/// <param name="StartRow">Index of the first anomalous reading in that sensor's stream.</param>
/// <param name="EndRow">One past the last anomalous reading.</param>
internal sealed record GroundTruthRecord(
    string SensorId,
    string Model,
    AnomalyKind Kind,
    IReadOnlyList<string> Features,
    DateTimeOffset Start,
    DateTimeOffset End,
    long StartRow,
    long EndRow);
