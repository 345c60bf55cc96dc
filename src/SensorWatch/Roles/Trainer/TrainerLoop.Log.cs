using Microsoft.Extensions.Logging;

namespace SensorWatch.Roles.Trainer;

/// <summary>The trainer loop's log messages (source-generated).</summary>
internal sealed partial class TrainerLoop
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Trainer consuming '{Topic}' in group '{Group}' (schedule: every {Interval} and/or {MinNewWindows} new windows; store {Store})")]
    private static partial void LogStarting(ILogger logger, string topic, string group, string interval, int minNewWindows, string store);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trainer partitions assigned (replaying the recent tail): {Partitions}")]
    private static partial void LogAssigned(ILogger logger, string partitions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trainer partitions {How}: {Partitions} (their keys' cycles abandoned)")]
    private static partial void LogReleased(ILogger logger, string how, string partitions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trainer owns model key '{ModelKey}' (samples on {Partition}; served model {Version})")]
    private static partial void LogOwned(ILogger logger, string modelKey, string partition, string version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trainer: no served model of '{ModelKey}' on the models topic or in the store yet; its retraining waits for one (set Worker:PublishColdStartModels=true on the scorers, share Worker:ModelStore, or publish one with 'sensorwatch model publish')")]
    private static partial void LogNoServedModel(ILogger logger, string modelKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trainer: model '{ModelKey}' now serves {Version} ({Origin})")]
    private static partial void LogServed(ILogger logger, string modelKey, string version, string origin);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trainer: model '{ModelKey}' changed shape; its sample starts over: {Detail}")]
    private static partial void LogShapeChanged(ILogger logger, string modelKey, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retrain '{ModelKey}' {Outcome} ({Reason}) version {Version}: {Seconds:F1} s, sample {SampleSize} windows, train loss {TrainLoss:G4}, holdout loss {HoldoutLoss:G4} — {Text}")]
    private static partial void LogRetrain(ILogger logger, string modelKey, string outcome, string reason, string version, double seconds, int sampleSize,
        double trainLoss, double holdoutLoss, string text);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retrain '{ModelKey}' training started (served {Version}, sample {SampleSize} windows)")]
    private static partial void LogTrainingStarted(ILogger logger, string modelKey, string version, int sampleSize);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model '{ModelKey}' {Version} stored as v{Stored} in {Store}")]
    private static partial void LogStored(ILogger logger, string modelKey, string version, int stored, string store);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model '{ModelKey}' {Version} stored but NOT published: the key is pinned to v{Pinned} in the store (unpin to let the trainer serve)")]
    private static partial void LogPinned(ILogger logger, string modelKey, string version, int pinned);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model '{ModelKey}' {Version} ({Why}) published to the models topic at {Position}")]
    private static partial void LogPublished(ILogger logger, string modelKey, string version, string why, string position);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model '{ModelKey}' {Version} not published yet (retrying in 5 s): {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, string modelKey, string version, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trainer: model store problem for '{ModelKey}': {Reason}")]
    private static partial void LogStoreProblem(ILogger logger, string modelKey, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trainer: sample at {Position} ignored: {Reason}")]
    private static partial void LogMalformed(ILogger logger, string position, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Maintenance {State} for sensor '{SensorId}': its windows stay out of training meanwhile")]
    private static partial void LogMaintenance(ILogger logger, string sensorId, string state);

    [LoggerMessage(Level = LogLevel.Information, Message = "False positive {Target}: {Count} window(s) admitted to the accepted-normal sample")]
    private static partial void LogFalsePositive(ILogger logger, string target, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "False positive {Target}: no window held here (another replica owns it, or it is too old)")]
    private static partial void LogFalsePositiveUnmatched(ILogger logger, string target);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Trainer Kafka client: {Code} {Reason}")]
    private static partial void LogClientError(ILogger logger, string code, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Trainer Kafka client fatal error: {Code} {Reason}")]
    private static partial void LogFatal(ILogger logger, string code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trainer consumer close timed out")]
    private static partial void LogCloseTimeout(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trainer stopped: {Samples} sample records read, {Steps} retrain steps, {Published} models published")]
    private static partial void LogStopped(ILogger logger, long samples, int steps, long published);
}
