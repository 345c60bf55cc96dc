namespace SensorWatch.Core.Retraining;

/// <summary>
/// One window offered to an accepted-normal sample. <paramref name="Values"/> is (T, D) row-major, raw units;
/// times are event times in Unix milliseconds; <paramref name="Partition"/>/<paramref name="Offset"/> locate the
/// window on <paramref name="Topic"/> for the model's lineage (-1 when unknown).
/// </summary>
internal sealed record SampleWindow(
    string SensorId,
    long StartMs,
    long EndMs,
    float[] Values,
    double Score,
    bool Anomalous,
    string Topic = "",
    int Partition = -1,
    long Offset = -1);
