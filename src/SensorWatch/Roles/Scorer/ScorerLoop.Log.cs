using Microsoft.Extensions.Logging;

namespace SensorWatch.Roles.Scorer;

/// <summary>The scorer loop's log messages (source-generated).</summary>
internal sealed partial class ScorerLoop
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Scorer consuming '{Topic}' in group '{Group}' ({Guarantee}; batches of up to {BatchSize}, {DelayMs} ms)")]
    private static partial void LogStarting(ILogger logger, string topic, string group, string guarantee, int batchSize, int delayMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Transactional producer ready (transactional.id {TransactionalId})")]
    private static partial void LogTransactional(ILogger logger, string transactionalId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Partitions assigned: {Partitions}")]
    private static partial void LogAssigned(ILogger logger, string partitions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Partitions revoked (drained and committed): {Partitions}")]
    private static partial void LogRevoked(ILogger logger, string partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Partitions LOST (in-flight work dropped, nothing committed): {Partitions}")]
    private static partial void LogLost(ILogger logger, string partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Back-pressure: {InFlight} windows in flight, partitions paused (still polling)")]
    private static partial void LogPaused(ILogger logger, int inFlight);

    [LoggerMessage(Level = LogLevel.Information, Message = "Back-pressure released at {InFlight} windows in flight, partitions resumed")]
    private static partial void LogResumed(ILogger logger, int inFlight);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery of a {Kind} record to '{Topic}' for input {Source} failed ({Code}: {Reason}); handled by the delivery policy")]
    private static partial void LogDeliveryFailed(ILogger logger, string kind, string topic, string source, string code, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not store the offset of {Partition}: {Reason}")]
    private static partial void LogStoreFailed(ILogger logger, string partition, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Offset commit failed during {When} ({Code}: {Reason}); those windows may be scored again (at-least-once)")]
    private static partial void LogCommitFailed(ILogger logger, string when, string code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Drain timed out with {InFlight} windows unacknowledged; their offsets stay uncommitted and they will be re-read")]
    private static partial void LogDrainTimeout(ILogger logger, int inFlight);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer close did not finish within {Seconds} s; exiting anyway (uncommitted windows will be re-read)")]
    private static partial void LogCloseTimeout(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Aborting the transaction ({Reason}); rewinding to the last committed offsets")]
    private static partial void LogAborting(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Fatal Kafka error from {Source} ({Code}: {Reason}); the scorer stops")]
    private static partial void LogFatal(ILogger logger, string source, string code, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Transient Kafka error from {Source} ({Code}: {Reason}); librdkafka recovers")]
    private static partial void LogTransient(ILogger logger, string source, string code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka error from {Source} ({Code}: {Reason})")]
    private static partial void LogRetriable(ILogger logger, string source, string code, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "librdkafka {Name} {Facility}: {Message}")]
    private static partial void LogClient(ILogger logger, string name, string facility, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scorer stopped: {Consumed} consumed, {Scored} scored, {Probation} probation, {DeadLetters} dead letters; shutdown took {Seconds:F1} s")]
    private static partial void LogStopped(ILogger logger, long consumed, long scored, long probation, long deadLetters, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Readings topic '{Topic}' is not consumed with Kafka:Guarantee=ExactlyOnce (the readings input is at-least-once only)")]
    private static partial void LogReadingsSkipped(ILogger logger, string topic);
}
