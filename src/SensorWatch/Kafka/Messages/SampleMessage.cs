namespace SensorWatch.Kafka.Messages;

/// <summary>
/// One record of the samples topic (<c>Kafka:Topics:Samples</c>, key = model key): a scored window, or an alert
/// transition of a sensor. For a window, <paramref name="Values"/> is (T, D) row-major in raw units (NaN = missing)
/// and the source locates the input message; for an alert, <paramref name="Values"/> is empty, the times are the
/// window that caused the transition and <paramref name="AlertId"/> names the alert.
/// </summary>
internal sealed record SampleMessage(
    SampleKind Kind,
    string SensorId,
    string Model,
    long StartMs,
    long EndMs,
    int WindowLength,
    int Features,
    float[] Values,
    double Score,
    double Threshold,
    bool Anomalous,
    ScoreStatus Status,
    string? ModelVersion,
    string? AlertId,
    string Topic,
    int Partition,
    long Offset)
{
    /// <summary>A window record; <paramref name="values"/> is (T, D) row-major.</summary>
    public static SampleMessage ForWindow(string sensorId, string model, long startMs, long endMs, int windowLength, int features, float[] values,
        double score, double threshold, bool anomalous, ScoreStatus status, string? modelVersion, string topic, int partition, long offset) =>
        new(SampleKind.Window, sensorId, model, startMs, endMs, windowLength, features, values, score, threshold, anomalous, status, modelVersion,
            null, topic, partition, offset);

    /// <summary>An alert transition record (open or resolved) for <paramref name="sensorId"/>.</summary>
    public static SampleMessage ForAlert(SampleKind kind, string sensorId, string model, string alertId, long startMs, long endMs, double score,
        double threshold, string? modelVersion) =>
        new(kind, sensorId, model, startMs, endMs, 0, 0, [], score, threshold, kind == SampleKind.AlertOpened, ScoreStatus.Scored, modelVersion,
            alertId, "", -1, -1);
}
