using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using SensorWatch.Core.Scoring;
using SensorWatch.Kafka;
using SensorWatch.Roles.Scorer;

namespace SensorWatch.Roles.Trainer;

/// <summary>
/// Follows the compacted models topic from the beginning on a background thread with a <see cref="ModelTopicReader"/>
/// and hands every verified snapshot to an <see cref="IModelTopicSink"/> (the scorer's hot swap, the trainer's view
/// of the served models). A corrupt snapshot, or one the sink refuses, is counted and reported with its reason. A
/// missing or unreachable topic is reported and retried every 2 s (<see cref="TopicFollowerThread"/>); it never
/// stops the role.
/// </summary>
internal sealed class ModelTopicFollower : IDisposable
{
    private static readonly TimeSpan s_pollTimeout = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan s_metadataTimeout = TimeSpan.FromSeconds(5);

    private readonly string _bootstrapServers;
    private readonly string _topic;
    private readonly IEnumerable<KeyValuePair<string, string>> _client;
    private readonly IModelTopicSink _sink;
    private readonly TopicFollowerThread _thread;
    private volatile bool _caughtUp;
    private long _accepted;
    private long _refused;

    private ModelTopicFollower(WorkerSettings settings, string threadName, IModelTopicSink sink)
    {
        _bootstrapServers = settings.Kafka.BootstrapServers;
        _topic = settings.Kafka.Topics.Models;
        _client = settings.Kafka.Client;
        _sink = sink;
        _thread = new TopicFollowerThread(threadName, Follow,
            exception => exception is KafkaException or InvalidOperationException ? exception.Message : null,
            problem => _sink.Retrying(problem, TopicFollowerThread.DefaultRetryDelay));
    }

    /// <summary>True once every partition was read to its end at least once (stays true across reconnections).</summary>
    public bool CaughtUp => _caughtUp;

    /// <summary>Models accepted from the topic so far (any thread).</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Snapshots refused so far (any thread).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Starts following <c>Kafka:Topics:Models</c> on a thread named <paramref name="threadName"/>.</summary>
    public static ModelTopicFollower Start(WorkerSettings settings, string threadName, IModelTopicSink sink)
    {
        ModelTopicFollower follower = new(settings, threadName, sink);
        follower._thread.Start();
        return follower;
    }

    /// <summary>The scorer's hot swap when <see cref="WorkerOptions.FollowModelsTopic"/> is on (<see cref="RegistryModelSink"/>); null when it is off.</summary>
    public static ModelTopicFollower? Start(WorkerSettings settings, ModelRegistry registry, IModelStore? store, ILogger logger) =>
        settings.Worker.FollowModelsTopic
            ? Start(settings, "sensorwatch-models", new RegistryModelSink(registry, store, settings.Kafka.Topics.Models, logger))
            : null;

    public void Dispose() => _thread.Dispose();

    private void Follow(CancellationToken token)
    {
        using ModelTopicReader reader = new(_bootstrapServers, _topic, _client);
        if (!_thread.RetryUntil(() => reader.TryStart(s_metadataTimeout, out string? problem) ? null : problem, token))
        {
            return;
        }

        _sink.Following();
        bool caughtUp = false;
        while (!token.IsCancellationRequested)
        {
            reader.Poll(s_pollTimeout, OnModel, OnRefused);
            if (!caughtUp && reader.CaughtUp)
            {
                caughtUp = true;
                _caughtUp = true;
                _sink.CaughtUp(Accepted, Refused);
            }
        }
    }

    private void OnModel(string key, AnomalyDetector detector, TopicPartitionOffset position)
    {
        if (_sink.Take(key, detector, position) is { } refusal)
        {
            OnRefused(key, refusal);
            return;
        }

        Interlocked.Increment(ref _accepted);
    }

    private void OnRefused(string key, string reason)
    {
        Interlocked.Increment(ref _refused);
        _sink.Refused(key, reason);
    }
}
