using System.Collections.Concurrent;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using SensorWatch.Core.Scoring;
using SensorWatch.Roles.Scorer;

namespace SensorWatch.Roles.Trainer;

/// <summary>
/// The trainer's view of the served models: a background thread (<c>sensorwatch-trainer-models</c>) follows the
/// compacted models topic from the beginning with a <see cref="ModelTopicReader"/> and queues every verified model
/// (key, detector, version as the scorers report it); the trainer loop drains the queue with <see cref="TryTake"/>.
/// Corrupt snapshots are refused (logged, counted); a missing topic is logged and retried every 2 s.
/// </summary>
internal sealed partial class ModelFeed : IDisposable
{
    private static readonly TimeSpan s_pollTimeout = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan s_retryDelay = TimeSpan.FromSeconds(2);

    private readonly WorkerSettings _settings;
    private readonly ILogger _logger;
    private readonly ConcurrentQueue<ServedModel> _models = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Thread _thread;
    private volatile bool _caughtUp;
    private long _refused;

    public ModelFeed(WorkerSettings settings, ILogger logger)
    {
        _settings = settings;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "sensorwatch-trainer-models" };
        _thread.Start();
    }

    /// <summary>True once every partition of the models topic was read to its end at least once.</summary>
    public bool CaughtUp => _caughtUp;

    /// <summary>Corrupt snapshots refused so far.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    public bool TryTake(out ServedModel model) => _models.TryDequeue(out model!);

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
                LogRetry(_logger, _settings.Kafka.Topics.Models, exception.Message);
                token.WaitHandle.WaitOne(s_retryDelay);
            }
        }
    }

    private void Follow(CancellationToken token)
    {
        using ModelTopicReader reader = new(_settings.Kafka.BootstrapServers, _settings.Kafka.Topics.Models, _settings.Kafka.Client);
        string? problem;
        while (!reader.TryStart(TimeSpan.FromSeconds(5), out problem))
        {
            LogRetry(_logger, _settings.Kafka.Topics.Models, problem);
            if (token.WaitHandle.WaitOne(s_retryDelay))
            {
                return;
            }
        }

        while (!token.IsCancellationRequested)
        {
            reader.Poll(s_pollTimeout, OnModel, OnRefused);
            _caughtUp |= reader.CaughtUp;
        }
    }

    private void OnModel(string key, AnomalyDetector detector, TopicPartitionOffset position) =>
        _models.Enqueue(new ServedModel(key, detector, new DetectorScoringModel(key, detector).Version, position.ToString()));

    private void OnRefused(string key, string reason)
    {
        Interlocked.Increment(ref _refused);
        LogRefused(_logger, key, reason);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Trainer: models topic '{Topic}' not readable: {Problem}; retrying in 2 s")]
    private static partial void LogRetry(ILogger logger, string topic, string problem);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Trainer: model '{ModelKey}' on the models topic refused (ignored): {Reason}")]
    private static partial void LogRefused(ILogger logger, string modelKey, string reason);
}
