using Confluent.Kafka;

namespace SensorWatch.Kafka;

/// <summary>
/// One consumed input message and the outputs still owed for it. The count starts at one (the "still producing"
/// reference, released by <see cref="Seal"/>); each produced output adds one and each acknowledgement removes one, so
/// an acknowledgement that arrives before the last output was produced cannot finish the ticket early. When the count
/// reaches zero the ticket is queued as finished for the consume loop, which then advances the partition's tracker.
/// </summary>
internal sealed class InputTicket
{
    private int _pending = 1;

    public InputTicket(TopicPartitionOffset source, PartitionOffsetTracker tracker, DateTime consumedUtc)
    {
        Source = source;
        Tracker = tracker;
        ConsumedUtc = consumedUtc;
    }

    public TopicPartitionOffset Source { get; }

    /// <summary>The tracker of the assignment this ticket belongs to; a lost partition's tracker is simply orphaned.</summary>
    public PartitionOffsetTracker Tracker { get; }

    public DateTime ConsumedUtc { get; }

    /// <summary>
    /// For a window assembled from readings: the readings' tickets. This ticket is not registered in a tracker;
    /// when it finishes, each held reading is released once (<see cref="OutputAcknowledged"/>).
    /// </summary>
    public IReadOnlyList<InputTicket>? Holds { get; init; }

    /// <summary>
    /// An output to produce only once every other output of this ticket is acknowledged (at-least-once alert-state
    /// checkpoints: the checkpoint never becomes durable before the alert it records). The consume loop produces it
    /// when the ticket first finishes; the ticket then finishes again when it is acknowledged. Loop thread only.
    /// </summary>
    public OutputRecord? FollowUp { get; set; }

    /// <summary>
    /// True for an input that is not a consumed window or reading of an assigned partition (operator feedback): its
    /// outputs are delivered and retried like any other, but it advances no partition and counts as no finished window.
    /// </summary>
    public bool Detached { get; init; }

    /// <summary>Called once per output before it is handed to the producer.</summary>
    public void AddOutput() => Interlocked.Increment(ref _pending);

    /// <summary>Called once per acknowledged output; true when that was the last thing owed.</summary>
    public bool OutputAcknowledged() => Interlocked.Decrement(ref _pending) == 0;

    /// <summary>Called once when every output was handed to the producer; true when all were already acknowledged.</summary>
    public bool Seal() => Interlocked.Decrement(ref _pending) == 0;
}
