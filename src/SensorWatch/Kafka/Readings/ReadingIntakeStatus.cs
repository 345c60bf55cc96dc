namespace SensorWatch.Kafka.Readings;

/// <summary>What the worker does with one reading message after <see cref="ReadingIntake.Add"/>.</summary>
internal enum ReadingIntakeStatus
{
    /// <summary>The reading is bad input: dead-letter it with the result's reason (it was not buffered).</summary>
    DeadLetter,

    /// <summary>Buffered (or replaced an earlier reading with the same time): nothing to publish; its offset may be committed.</summary>
    Buffered,

    /// <summary>Older than the open window: dropped and counted (<see cref="ReadingOutcome.DroppedTooOld"/>); nothing to publish.</summary>
    Dropped,

    /// <summary>The reading completed a window that passed validation: score the output window like a decoded one.</summary>
    WindowReady,

    /// <summary>
    /// The reading completed a window that failed validation (e.g. too-many-missing, unknown-model): dead-letter this
    /// reading with the result's reason, whose detail starts with "assembled window".
    /// </summary>
    WindowRefused,
}
