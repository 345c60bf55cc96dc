namespace SensorWatch.Kafka.Messages;

/// <summary>What one record on the samples topic carries (wire field <c>kind</c>).</summary>
internal enum SampleKind
{
    /// <summary><c>window</c>: a window the scorer scored, with its values and verdict.</summary>
    Window,

    /// <summary><c>alert-open</c>: an alert opened for the sensor.</summary>
    AlertOpened,

    /// <summary><c>alert-resolved</c>: the sensor's alert resolved.</summary>
    AlertResolved,
}
