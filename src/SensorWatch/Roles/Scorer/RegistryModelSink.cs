using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using SensorWatch.Core.Scoring;
using SensorWatch.Roles.Trainer;

namespace SensorWatch.Roles.Scorer;

/// <summary>
/// The scorer's hot swap, fed by a <see cref="ModelTopicFollower"/>: every verified snapshot that fits the serving
/// shape goes to <see cref="ModelRegistry.Offer"/> (the loop installs it between batches, so no window is scored by a
/// half-swapped model); one that does not fit is refused with its reason and the current model stays. A model this
/// scorer already serves (its own cold-start model coming back) is accepted with nothing to swap. Offered models are
/// also saved to the model store when one is configured.
/// </summary>
internal sealed partial class RegistryModelSink : IModelTopicSink
{
    private readonly ModelRegistry _registry;
    private readonly IModelStore? _store;
    private readonly string _topic;
    private readonly ILogger _logger;

    public RegistryModelSink(ModelRegistry registry, IModelStore? store, string topic, ILogger logger)
    {
        _registry = registry;
        _store = store;
        _topic = topic;
        _logger = logger;
    }

    public string? Take(string key, AnomalyDetector detector, TopicPartitionOffset position)
    {
        DetectorScoringModel model = new(key, detector);
        if (!_registry.FitsServingShape(model, out string? misfit))
        {
            return misfit;
        }

        if (_registry.Snapshot.Any(served => served.ModelKey == key && served.Phase == ModelPhase.Ready && served.Version == model.Version))
        {
            LogAlreadyServed(_logger, key, model.Version, position.ToString());
            return null; // e.g. this scorer's own cold-start model coming back from the topic: nothing to swap
        }

        _registry.Offer(model);
        LogOffered(_logger, key, model.Version, position.ToString());
        if (_store.SaveProblem(model) is { } problem)
        {
            LogStoreProblem(_logger, key, model.Version, problem);
        }

        return null;
    }

    public void Refused(string key, string reason) => LogRefused(_logger, key, _topic, reason);

    public void Retrying(string problem, TimeSpan delay) => LogRetry(_logger, _topic, problem, delay.TotalSeconds);

    public void Following() => LogFollowing(_logger, _topic);

    public void CaughtUp(long accepted, long refused) => LogCaughtUp(_logger, _topic, accepted, refused);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Models topic '{Topic}' not readable: {Problem}; retrying in {Seconds} s")]
    private static partial void LogRetry(ILogger logger, string topic, string problem, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Following models topic '{Topic}' from the beginning")]
    private static partial void LogFollowing(ILogger logger, string topic);

    [LoggerMessage(Level = LogLevel.Information, Message = "Models topic '{Topic}' caught up: {Accepted} accepted, {Refused} refused")]
    private static partial void LogCaughtUp(ILogger logger, string topic, long accepted, long refused);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model '{ModelKey}' {Version} from {Position}: verified, swapping in between batches")]
    private static partial void LogOffered(ILogger logger, string modelKey, string version, string position);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Model '{ModelKey}' {Version} from {Position}: already served, nothing to swap")]
    private static partial void LogAlreadyServed(ILogger logger, string modelKey, string version, string position);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model '{ModelKey}' on '{Topic}' refused, keeping the current model: {Reason}")]
    private static partial void LogRefused(ILogger logger, string modelKey, string topic, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not save model '{ModelKey}' {Version} from the topic to the store: {Reason}")]
    private static partial void LogStoreProblem(ILogger logger, string modelKey, string version, string reason);
}
