using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using SensorWatch.Core.Scoring;
using SensorWatch.Roles.Scorer;

namespace SensorWatch.Roles.Trainer;

/// <summary>
/// The scorer's hot swap: a background thread that follows the compacted models topic with a
/// <see cref="ModelTopicReader"/> and hands every verified snapshot to <see cref="ModelRegistry.Offer"/> (the loop
/// installs it between batches, so no window is scored by a half-swapped model). A corrupt snapshot is refused with
/// its reason and the current model stays. A missing or unreachable topic is logged and retried; it never stops the
/// scorer. Accepted snapshots are also saved to the model store when one is configured.
/// </summary>
internal sealed partial class ModelTopicFollower : IDisposable
{
    private static readonly TimeSpan s_pollTimeout = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan s_retryDelay = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_metadataTimeout = TimeSpan.FromSeconds(5);

    private readonly string _bootstrapServers;
    private readonly string _topic;
    private readonly IEnumerable<KeyValuePair<string, string>> _client;
    private readonly ModelRegistry _registry;
    private readonly IModelStore? _store;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Thread _thread;
    private long _accepted;
    private long _refused;

    private ModelTopicFollower(WorkerSettings settings, ModelRegistry registry, IModelStore? store, ILogger logger)
    {
        _bootstrapServers = settings.Kafka.BootstrapServers;
        _topic = settings.Kafka.Topics.Models;
        _client = settings.Kafka.Client;
        _registry = registry;
        _store = store;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "sensorwatch-models" };
    }

    /// <summary>Models accepted from the topic so far (any thread).</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Snapshots refused so far (any thread).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Starts following when <see cref="WorkerOptions.FollowModelsTopic"/> is on; null when it is off.</summary>
    public static ModelTopicFollower? Start(WorkerSettings settings, ModelRegistry registry, IModelStore? store, ILogger logger)
    {
        if (!settings.Worker.FollowModelsTopic)
        {
            return null;
        }

        ModelTopicFollower follower = new(settings, registry, store, logger);
        follower._thread.Start();
        return follower;
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _thread.Join(TimeSpan.FromSeconds(10));
        _stopping.Dispose();
    }

    private void Run()
    {
        CancellationToken token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                Follow(token);
            }
            catch (Exception exception) when (exception is KafkaException or InvalidOperationException)
            {
                LogRetry(_logger, _topic, exception.Message, s_retryDelay.TotalSeconds);
                token.WaitHandle.WaitOne(s_retryDelay);
            }
        }
    }

    private void Follow(CancellationToken token)
    {
        using ModelTopicReader reader = new(_bootstrapServers, _topic, _client);
        string? problem = null;
        while (!reader.TryStart(s_metadataTimeout, out problem))
        {
            LogRetry(_logger, _topic, problem, s_retryDelay.TotalSeconds);
            if (token.WaitHandle.WaitOne(s_retryDelay))
            {
                return;
            }
        }

        LogFollowing(_logger, _topic);
        bool caughtUp = false;
        while (!token.IsCancellationRequested)
        {
            reader.Poll(s_pollTimeout, OnModel, OnRefused);
            if (!caughtUp && reader.CaughtUp)
            {
                caughtUp = true;
                LogCaughtUp(_logger, _topic, Accepted, Refused);
            }
        }
    }

    private void OnModel(string key, AnomalyDetector detector, TopicPartitionOffset position)
    {
        DetectorScoringModel model = new(key, detector);
        if (!_registry.FitsServingShape(model, out string? misfit))
        {
            OnRefused(key, misfit);
            return;
        }

        if (_registry.Snapshot.Any(served => served.ModelKey == key && served.Phase == ModelPhase.Ready && served.Version == model.Version))
        {
            Interlocked.Increment(ref _accepted);
            LogAlreadyServed(_logger, key, model.Version, position.ToString());
            return; // e.g. this scorer's own cold-start model coming back from the topic: nothing to swap
        }

        _registry.Offer(model);
        Interlocked.Increment(ref _accepted);
        LogOffered(_logger, key, model.Version, position.ToString());
        if (_store is null)
        {
            return;
        }

        try
        {
            _store.Save(model);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            LogStoreProblem(_logger, key, model.Version, exception.Message);
        }
    }

    private void OnRefused(string key, string reason)
    {
        Interlocked.Increment(ref _refused);
        LogRefused(_logger, key, _topic, reason);
    }

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
