using SensorWatch.Kafka.Messages;

namespace SensorWatch.Kafka.Readings;

/// <summary>
/// The whole path of one reading message, pure: decode (<see cref="ReadingDecoder"/>) → assemble
/// (<see cref="ReadingWindowAssembler"/>) → validate a completed window (<see cref="WindowDecoder.ValidateAssembled"/>).
/// The worker maps <see cref="ReadingIntakeStatus"/> to its outputs. Not thread-safe: one per consume loop.
/// Readings of one sensor must arrive in partition order (key = sensorId) for the assembler's time rules to hold.
/// </summary>
internal sealed class ReadingIntake(ReadingDecoder decoder, ReadingWindowAssembler assembler, WindowDecoder validator)
{
    private readonly DecodedReading _reading = new();

    /// <summary>The assembler (for its counters).</summary>
    public ReadingWindowAssembler Assembler => assembler;

    /// <summary>The reading decoded by the last <see cref="Add"/> (valid unless that returned DeadLetter).</summary>
    public DecodedReading LastReading => _reading;

    /// <summary>Processes one reading; on WindowReady <paramref name="output"/> holds the validated window (ModelKey and Shape set).</summary>
    public ReadingIntakeResult Add(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, int headerBytes, DecodedWindow output)
    {
        DecodeResult decoded = decoder.Decode(key, value, headerBytes, _reading);
        if (!decoded.IsOk)
        {
            return new ReadingIntakeResult(ReadingIntakeStatus.DeadLetter, null, decoded);
        }

        ReadingOutcome outcome = assembler.Add(_reading.SensorId, _reading.RequestedModel, _reading.TimestampMs, _reading.Values, output);
        switch (outcome)
        {
            case ReadingOutcome.DroppedTooOld:
                return new ReadingIntakeResult(ReadingIntakeStatus.Dropped, outcome, DecodeResult.Ok);
            case ReadingOutcome.WindowReady:
                DecodeResult window = validator.ValidateAssembled(output);
                return window.IsOk
                    ? new ReadingIntakeResult(ReadingIntakeStatus.WindowReady, outcome, window)
                    : new ReadingIntakeResult(ReadingIntakeStatus.WindowRefused, outcome, DecodeResult.Fail(window.Reason, "assembled window: " + window.Detail
                        + (window.Reason == DeadLetterReason.WrongWindowLength ? " (set Scorer:Readings:WindowLength to the model's T)" : "")));
            default:
                return new ReadingIntakeResult(ReadingIntakeStatus.Buffered, outcome, DecodeResult.Ok);
        }
    }
}
