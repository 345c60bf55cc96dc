using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using SensorWatch.Kafka;

namespace SensorWatch.Roles.Scorer;

/// <summary>
/// Success reports without an offset (<see cref="OutputPublisher.IsUnconfirmed"/>): the output is not known to be
/// written, so it is NOT delivered. It is counted (<c>sensorwatch_delivery_unconfirmed_total</c>), logged at most once
/// per output partition and minute, and handled like a failed delivery: produced again at-least-once (a duplicate if
/// the broker did write it), or the transaction is aborted and replayed under exactly-once. The input's offset is
/// therefore never stored past it.
/// </summary>
internal sealed partial class ScorerLoop
{
    private static readonly TimeSpan s_unconfirmedLogInterval = TimeSpan.FromMinutes(1);

    // output partition → (when it was last logged, reports not logged since)
    private readonly Dictionary<TopicPartition, (long LoggedAt, int Suppressed)> _unconfirmedLog = [];

    private void DrainUnconfirmed()
    {
        while (_publisher.TryTakeUnconfirmed(out OutputRecord record, out TopicPartition partition))
        {
            _progress.AddDeliveryUnconfirmed();
            _telemetry.RecordDeliveryUnconfirmed(record.Topic);
            LogUnconfirmedRateLimited(record, partition);
            if (_exactlyOnce)
            {
                _abortRequested = true; // the transaction cannot commit without this record; abort and replay
            }
            else if (record.Ticket.Detached || IsOwned(record.Ticket.Tracker))
            {
                _publisher.Retry(record);
            }
        }
    }

    private void LogUnconfirmedRateLimited(OutputRecord record, TopicPartition partition)
    {
        long now = Stopwatch.GetTimestamp();
        if (_unconfirmedLog.TryGetValue(partition, out (long LoggedAt, int Suppressed) last)
            && Stopwatch.GetElapsedTime(last.LoggedAt, now) < s_unconfirmedLogInterval)
        {
            _unconfirmedLog[partition] = (last.LoggedAt, last.Suppressed + 1);
            return;
        }

        _unconfirmedLog[partition] = (now, 0);
        LogUnconfirmed(_logger, record.Kind.ToString(), partition.ToString(), record.Ticket.Source.ToString(), last.Suppressed);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {Kind} record to {Partition} for input {Source} was acknowledged without an offset (not known to be written); producing it again ({Suppressed} more such reports on this partition since the last log line)")]
    private static partial void LogUnconfirmed(ILogger logger, string kind, string partition, string source, int suppressed);
}
