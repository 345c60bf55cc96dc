using System.Diagnostics;

namespace SensorWatch.Roles.Scorer;

/// <summary>
/// Where the consume loop's thread spends its time, in <see cref="Stopwatch"/> ticks per stage (bench-pipeline reports
/// them per window). Written only by the loop thread with two timestamp reads per stage (~50 ns); read by anyone as a
/// snapshot. Poll includes waiting for messages; the other stages are pure work.
/// </summary>
internal sealed class ScorerStages
{
    private long _poll;
    private long _decode;
    private long _score;
    private long _publish;
    private long _deliveries;

    /// <summary>Inside <c>Consume</c> (the client's managed side, copying key and value, and waiting for messages).</summary>
    public long Poll => Volatile.Read(ref _poll);

    /// <summary>JSON decode and validation of window messages.</summary>
    public long Decode => Volatile.Read(ref _decode);

    /// <summary>The model's batch scoring (standardise, impute, LSTM autoencoder, score statistic).</summary>
    public long Score => Volatile.Read(ref _score);

    /// <summary>After scoring: alert state machines, encoding score records and alerts, and handing them to the producer.</summary>
    public long Publish => Volatile.Read(ref _publish);

    /// <summary>Taking delivery reports and storing offsets.</summary>
    public long Deliveries => Volatile.Read(ref _deliveries);

    public void AddPoll(long since) => Volatile.Write(ref _poll, _poll + Stopwatch.GetTimestamp() - since);

    public void AddDecode(long since) => Volatile.Write(ref _decode, _decode + Stopwatch.GetTimestamp() - since);

    public void AddScore(long since) => Volatile.Write(ref _score, _score + Stopwatch.GetTimestamp() - since);

    public void AddPublish(long since) => Volatile.Write(ref _publish, _publish + Stopwatch.GetTimestamp() - since);

    public void AddDeliveries(long since) => Volatile.Write(ref _deliveries, _deliveries + Stopwatch.GetTimestamp() - since);
}
