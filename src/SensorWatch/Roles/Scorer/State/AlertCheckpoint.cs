using SensorWatch.Core.Alerting;

namespace SensorWatch.Roles.Scorer.State;

/// <summary>
/// One record of the compacted alert-state topic (key = sensorId): the sensor's whole <see cref="AlertState"/>, the
/// model key its machine counts for, and the input partition its windows come from (the restore rule reads only the
/// records of the partitions a replica is assigned).
/// </summary>
/// <param name="SensorId">The sensor (also the record key).</param>
/// <param name="Model">The model key of the sensor's alert machine (part of the alert id).</param>
/// <param name="Topic">The input topic of the window that produced this state (windows or readings).</param>
/// <param name="Partition">That input's partition.</param>
/// <param name="State">The machine's state after that window (or after a maintenance verdict).</param>
/// <param name="UpdatedAtMs">Wall clock when written (Unix ms), for operators reading the topic.</param>
/// <param name="RaiseVersion">The model version a false-positive threshold raise of <paramref name="Model"/> was in force for when written, or null.</param>
/// <param name="RaiseThreshold">That raised threshold (NaN when none); the replica restoring the sensor restores the raise.</param>
internal sealed record AlertCheckpoint(string SensorId, string Model, string Topic, int Partition, AlertState State, long UpdatedAtMs,
    string? RaiseVersion = null, double RaiseThreshold = double.NaN);
