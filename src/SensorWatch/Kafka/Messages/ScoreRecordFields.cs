namespace SensorWatch.Kafka.Messages;

/// <summary>
/// One score record for <c>sensor.scores</c>. Score/threshold NaN (e.g. probation) are written as null.
/// Topic/partition/offset and the optional input windowId let a ledger reconcile every input with an output.
/// </summary>
internal readonly record struct ScoreRecordFields(
    string SensorId,
    string Model,
    long WindowStartMs,
    long WindowEndMs,
    double Score,
    double Threshold,
    bool Anomalous,
    int Severity,
    string? ModelVersion,
    ScoreStatus Status,
    string? WindowId,
    string Topic,
    int Partition,
    long Offset);
