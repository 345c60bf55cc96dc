using System.Collections.Concurrent;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using SensorWatch.Core.Scoring;
using SensorWatch.Roles.Scorer;

namespace SensorWatch.Roles.Trainer;

/// <summary>
/// The trainer's view of the served models: a <see cref="ModelTopicFollower"/> on a background thread
/// (<c>sensorwatch-trainer-models</c>) follows the compacted models topic from the beginning and this sink queues every
/// verified model (key, detector, version as the scorers report it); the trainer loop drains the queue with
/// <see cref="TryTake"/>. Corrupt snapshots are refused (logged, counted); a missing topic is logged and retried every 2 s.
/// </summary>
internal sealed partial class ModelFeed : IModelTopicSink, IDisposable
{
    private readonly string _topic;
    private readonly ILogger _logger;
    private readonly ConcurrentQueue<ServedModel> _models = new();
    private readonly ModelTopicFollower _follower;

    public ModelFeed(WorkerSettings settings, ILogger logger)
    {
        _topic = settings.Kafka.Topics.Models;
        _logger = logger;
        _follower = ModelTopicFollower.Start(settings, "sensorwatch-trainer-models", this);
    }

    /// <summary>True once every partition of the models topic was read to its end at least once.</summary>
    public bool CaughtUp => _follower.CaughtUp;

    /// <summary>Corrupt snapshots refused so far.</summary>
    public long Refused => _follower.Refused;

    public bool TryTake(out ServedModel model) => _models.TryDequeue(out model!);

    public void Dispose() => _follower.Dispose();

    string? IModelTopicSink.Take(string key, AnomalyDetector detector, TopicPartitionOffset position)
    {
        _models.Enqueue(new ServedModel(key, detector, new DetectorScoringModel(key, detector).Version, position.ToString()));
        return null;
    }

    void IModelTopicSink.Refused(string key, string reason) => LogRefused(_logger, key, reason);

    void IModelTopicSink.Retrying(string problem, TimeSpan delay) => LogRetry(_logger, _topic, problem);

    void IModelTopicSink.Following()
    {
        // the trainer does not log the (re)connection; CaughtUp is read by the loop
    }

    void IModelTopicSink.CaughtUp(long accepted, long refused)
    {
        // likewise
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Trainer: models topic '{Topic}' not readable: {Problem}; retrying in 2 s")]
    private static partial void LogRetry(ILogger logger, string topic, string problem);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Trainer: model '{ModelKey}' on the models topic refused (ignored): {Reason}")]
    private static partial void LogRefused(ILogger logger, string modelKey, string reason);
}
