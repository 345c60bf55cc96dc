using System.Collections.Concurrent;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using SensorWatch.Kafka;
using SensorWatch.Kafka.Messages;

namespace SensorWatch.Roles.Scorer.Feedback;

/// <summary>
/// Follows the operator feedback topic (<c>Kafka:Topics:Feedback</c>) on a background thread: every partition, from the
/// beginning, no consumer group and no commits (feedback is low volume and every scorer replica needs every verdict, then
/// applies it only to the sensors it owns). Each record is decoded here (<see cref="FeedbackDecoder"/>) and queued for
/// the consume loop; records read before a partition first reached its end are marked history (not live). A missing or
/// unreachable topic is logged and retried; it never stops the scorer.
/// </summary>
internal sealed partial class FeedbackReader : IDisposable
{
    private static readonly TimeSpan s_pollTimeout = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan s_metadataTimeout = TimeSpan.FromSeconds(5);

    private readonly string _topic;
    private readonly ConsumerConfig _config;
    private readonly FeedbackDecoder _decoder;
    private readonly ILogger _logger;
    private readonly ConcurrentQueue<FeedbackItem> _items = new();
    private readonly TopicFollowerThread _thread;

    private FeedbackReader(WorkerSettings settings, ILogger logger)
    {
        _topic = settings.Kafka.Topics.Feedback;
        _decoder = new FeedbackDecoder(settings.Scorer.Limits);
        _logger = logger;
        _config = new ConsumerConfig
        {
            BootstrapServers = settings.Kafka.BootstrapServers,
            GroupId = $"sensorwatch-feedback-{Guid.NewGuid():N}", // required by the client; never joined or committed
            ClientId = $"sensorwatch-feedback-{settings.Worker.ResolvedInstanceId}",
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            IsolationLevel = IsolationLevel.ReadCommitted,
        };
        KafkaClientConfigs.ApplyClient(_config, settings.Kafka.Client);

        _thread = new TopicFollowerThread("sensorwatch-feedback", Follow, TopicFollowerThread.KafkaProblem,
            problem => LogRetry(_logger, _topic, problem, TopicFollowerThread.DefaultRetryDelay.TotalSeconds),
            onUnexpected: exception => LogUnexpected(_logger, _topic, exception));
    }

    /// <summary>Starts following, or null when <c>Kafka:Topics:Feedback</c> is empty.</summary>
    public static FeedbackReader? Start(WorkerSettings settings, ILogger logger)
    {
        if (string.IsNullOrEmpty(settings.Kafka.Topics.Feedback))
        {
            return null;
        }

        FeedbackReader reader = new(settings, logger);
        reader._thread.Start();
        return reader;
    }

    /// <summary>True when decoded records wait for the loop.</summary>
    public bool HasItems => !_items.IsEmpty;

    /// <summary>The next decoded record (loop thread).</summary>
    public bool TryTake(out FeedbackItem item) => _items.TryDequeue(out item!);

    public void Dispose() => _thread.Dispose();

    private void Follow(CancellationToken token)
    {
        using IConsumer<byte[], byte[]> consumer = new ConsumerBuilder<byte[], byte[]>(_config).SetLogHandler((_, _) => { }).Build();
        List<TopicPartitionOffset> partitions = [];
        if (!_thread.RetryUntil(() => WholeTopicReading.ProblemListing(consumer.Handle, _topic, s_metadataTimeout, out partitions), token))
        {
            return;
        }

        consumer.Assign(partitions);
        HashSet<int> live = [];
        LogFollowing(_logger, _topic, partitions.Count);
        try
        {
            while (!token.IsCancellationRequested)
            {
                ConsumeResult<byte[], byte[]>? result = consumer.Consume(s_pollTimeout);
                if (result is null)
                {
                    continue;
                }

                if (result.IsPartitionEOF)
                {
                    if (live.Add(result.Partition.Value) && live.Count == partitions.Count)
                    {
                        LogCaughtUp(_logger, _topic);
                    }

                    continue;
                }

                DecodeResult decoded = _decoder.Decode(result.Message.Key, result.Message.Value, KafkaHeaders.TotalBytes(result.Message.Headers), out FeedbackMessage? message);
                _items.Enqueue(new FeedbackItem(message, decoded, result, live.Contains(result.Partition.Value)));
            }
        }
        finally
        {
            consumer.Close();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Feedback topic '{Topic}' not readable: {Problem}; retrying in {Seconds} s")]
    private static partial void LogRetry(ILogger logger, string topic, string problem, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading feedback topic '{Topic}' failed unexpectedly; retrying in 2 s")]
    private static partial void LogUnexpected(ILogger logger, string topic, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Following feedback topic '{Topic}' ({Partitions} partitions) from the beginning")]
    private static partial void LogFollowing(ILogger logger, string topic, int partitions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feedback topic '{Topic}' caught up: verdicts from now on are applied live")]
    private static partial void LogCaughtUp(ILogger logger, string topic);
}
