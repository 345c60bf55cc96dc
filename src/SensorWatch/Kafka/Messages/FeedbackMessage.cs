namespace SensorWatch.Kafka.Messages;

/// <summary>
/// A decoded feedback message. <c>false-positive</c>/<c>confirmed</c> name an alert (<see cref="AlertId"/>) or a window
/// (<see cref="SensorId"/> + <see cref="WindowStartMs"/>, optional end); maintenance verdicts name a sensor.
/// </summary>
internal sealed record FeedbackMessage(
    FeedbackVerdict Verdict,
    string? AlertId,
    string? SensorId,
    long? WindowStartMs,
    long? WindowEndMs,
    string? Model,
    string? Note);
