using SensorWatch.Kafka.Messages;

namespace SensorWatch.Kafka.Readings;

/// <summary>The outcome of one reading message: what to do, and for DeadLetter/WindowRefused the reason.</summary>
internal readonly record struct ReadingIntakeResult(ReadingIntakeStatus Status, ReadingOutcome? Outcome, DecodeResult Result);
