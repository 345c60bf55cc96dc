namespace SensorWatch.Kafka.Readings;

/// <summary>What <see cref="ReadingWindowAssembler.Add"/> did with one reading.</summary>
internal enum ReadingOutcome
{
    /// <summary>Stored in the sensor's open window; no window is complete yet.</summary>
    Buffered,

    /// <summary>Stored, and the window became complete: the output window is filled (then the buffer slid by the stride).</summary>
    WindowReady,

    /// <summary>A reading with the same timestamp was already buffered: its values were replaced (last write wins).</summary>
    Replaced,

    /// <summary>Older than the open window's earliest allowed time (already covered by an emitted window): dropped and counted.</summary>
    DroppedTooOld,

    /// <summary>The reading's D differs from the sensor's: the partial window was discarded and a new one started with this reading.</summary>
    Restarted,
}
