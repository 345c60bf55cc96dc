using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using SensorWatch.Kafka;
using SensorWatch.Kafka.Messages;
using SensorWatch.Kafka.Readings;

namespace SensorWatch.Roles.Scorer;

/// <summary>
/// The second input form (one reading per message, <c>sensor.readings</c>): decode → assemble per sensor
/// (<see cref="ReadingIntake"/>) → a completed window goes through the same routing, batching, scoring and alerting
/// as a window message. Offsets (at-least-once): a reading's ticket is held (<see cref="ReadingHolds"/>) while it is in
/// its sensor's open window, and each emitted window holds every reading it contains until its outputs are
/// acknowledged; so a reading's offset is stored only when every window containing it has been scored and
/// acknowledged (and, through the partition tracker, every earlier offset too).
/// </summary>
internal sealed partial class WindowPipeline
{
    private readonly ReadingIntake _intake;
    private readonly ReadingHolds _holds = new();
    private readonly List<InputTicket> _released = [];

    /// <summary>Readings held in open windows (their offsets wait).</summary>
    public int HeldReadings => _holds.Count;

    /// <summary>Readings held in open windows from <paramref name="partition"/>.</summary>
    public int HeldIn(TopicPartition partition) => _holds.HeldIn(partition);

    /// <summary>Readings dropped as too old (their windows were already emitted).</summary>
    public long ReadingsDroppedTooOld => _intake.Assembler.Count(ReadingOutcome.DroppedTooOld);

    public void AcceptReading(ConsumeResult<byte[], byte[]> message, InputTicket ticket, CancellationToken cancellationToken)
    {
        bool held = false;
        try
        {
            long evictions = _intake.Assembler.Evictions;
            ReadingIntakeResult result = _intake.Add(message.Message.Key, message.Message.Value, KafkaHeaders.TotalBytes(message.Message.Headers), _window);
            if (_intake.Assembler.Evictions != evictions && _intake.Assembler.LastEvicted is { } evicted)
            {
                _holds.Release(evicted, _released); // MaxSensors cap: that partial window is gone (counted in Evictions)
            }

            if (result.Status == ReadingIntakeStatus.DeadLetter)
            {
                DeadLetter(message.Message, ticket, result.Result.Reason, result.Result.Detail, null, cancellationToken);
                return;
            }

            if (result.Status == ReadingIntakeStatus.Dropped)
            {
                LogReadingDropped(_logger, message.TopicPartitionOffset.ToString(), _intake.LastReading.SensorId);
                _publisher.Seal(ticket); // nothing to publish: it belongs to windows already emitted
                return;
            }

            DecodedReading reading = _intake.LastReading;
            if (result.Outcome == ReadingOutcome.Restarted)
            {
                _holds.Release(reading.SensorId, _released); // the feature count changed: the partial window was discarded
            }

            _holds.Hold(reading.SensorId, reading.TimestampMs, ticket, _released);
            held = true;
            if (result.Status is ReadingIntakeStatus.WindowReady or ReadingIntakeStatus.WindowRefused)
            {
                InputTicket window = _holds.EmitWindow(reading.SensorId, ticket, _options.Readings.Stride, _released);
                if (result.Status == ReadingIntakeStatus.WindowReady)
                {
                    Route(message, window, cancellationToken);
                }
                else
                {
                    DeadLetter(message.Message, window, result.Result.Reason, result.Result.Detail, null, cancellationToken);
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not KafkaException)
        {
            LogProcessingError(_logger, message.TopicPartitionOffset.ToString(), exception);
            if (!held)
            {
                DeadLetter(message.Message, ticket, DeadLetterReason.ProcessingError, exception.Message, exception, cancellationToken);
            }
        }
        finally
        {
            foreach (InputTicket released in _released)
            {
                _publisher.Seal(released);
            }

            _released.Clear();
        }
    }

    /// <summary>Partitions leave: forget their sensors' partial windows without releasing their readings (never stored here).</summary>
    public void AbandonReadings(IReadOnlyCollection<TopicPartition> partitions)
    {
        foreach (string sensor in _holds.Abandon(partitions).Sensors)
        {
            _intake.Assembler.Forget(sensor);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reading {Source} of sensor '{SensorId}' dropped: older than its open window (already emitted)")]
    private static partial void LogReadingDropped(ILogger logger, string source, string sensorId);
}
