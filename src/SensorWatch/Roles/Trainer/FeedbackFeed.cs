using System.Collections.Concurrent;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using SensorWatch.Kafka;
using SensorWatch.Kafka.Messages;

namespace SensorWatch.Roles.Trainer;

/// <summary>
/// Operator feedback for the trainer: a background thread (<c>sensorwatch-trainer-feedback</c>) reads every partition
/// of <c>Kafka:Topics:Feedback</c> from the beginning (no group, no commits, like the models reader: every trainer
/// replica sees every verdict, so maintenance state is rebuilt after a restart) and queues each decoded
/// <see cref="FeedbackMessage"/>; a malformed one is logged and counted, never fatal. A missing topic is retried
/// every 2 s. Disabled when the topic name is empty.
/// </summary>
internal sealed partial class FeedbackFeed : IDisposable
{
    private readonly WorkerSettings _settings;
    private readonly ILogger _logger;
    private readonly ConcurrentQueue<FeedbackMessage> _messages = new();
    private readonly TopicFollowerThread? _thread;
    private long _malformed;

    public FeedbackFeed(WorkerSettings settings, ILogger logger)
    {
        _settings = settings;
        _logger = logger;
        if (!string.IsNullOrEmpty(settings.Kafka.Topics.Feedback))
        {
            _thread = new TopicFollowerThread("sensorwatch-trainer-feedback", Follow, TopicFollowerThread.KafkaProblem,
                problem => LogRetry(_logger, _settings.Kafka.Topics.Feedback, problem),
                onUnexpected: exception => LogUnexpected(_logger, _settings.Kafka.Topics.Feedback, exception));
            _thread.Start();
        }
    }

    /// <summary>Feedback messages that could not be decoded.</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    public bool TryTake(out FeedbackMessage message) => _messages.TryDequeue(out message!);

    public void Dispose() => _thread?.Dispose();

    private void Follow(CancellationToken token)
    {
        string topic = _settings.Kafka.Topics.Feedback;
        ConsumerConfig config = new()
        {
            BootstrapServers = _settings.Kafka.BootstrapServers,
            GroupId = $"sensorwatch-feedback-{Guid.NewGuid():N}", // required by the client; never committed
            EnableAutoCommit = false,
            IsolationLevel = IsolationLevel.ReadCommitted,   // like the scorer's reader: never act on an aborted transaction's verdicts
            ClientId = $"sensorwatch-trainer-feedback-{_settings.Worker.ResolvedInstanceId}",
        };
        KafkaClientConfigs.ApplyClient(config, _settings.Kafka.Client);

        using IConsumer<byte[], byte[]> consumer = new ConsumerBuilder<byte[], byte[]>(config).SetLogHandler((_, _) => { }).Build();
        List<TopicPartitionOffset> partitions = [];
        if (!_thread!.RetryUntil(() => WholeTopicReading.ProblemListing(consumer.Handle, topic, TimeSpan.FromSeconds(5), out partitions), token))
        {
            return;
        }

        consumer.Assign(partitions);

        FeedbackDecoder decoder = new(_settings.Scorer.Limits);
        try
        {
            while (!token.IsCancellationRequested)
            {
                ConsumeResult<byte[], byte[]>? result = consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (result?.Message is not { } message)
                {
                    continue;
                }

                DecodeResult decoded = decoder.Decode(message.Key, message.Value, KafkaHeaders.TotalBytes(message.Headers), out FeedbackMessage? feedback);
                if (decoded.IsOk && feedback is not null)
                {
                    _messages.Enqueue(feedback);
                }
                else
                {
                    Interlocked.Increment(ref _malformed);
                    LogMalformed(_logger, result.TopicPartitionOffset.ToString(), decoded.Reason.Code(), decoded.Detail);
                }
            }
        }
        finally
        {
            consumer.Close();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Trainer: feedback topic '{Topic}' not readable yet: {Problem}; retrying in 2 s")]
    private static partial void LogRetry(ILogger logger, string topic, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Trainer: reading feedback topic '{Topic}' failed unexpectedly; retrying in 2 s")]
    private static partial void LogUnexpected(ILogger logger, string topic, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trainer: feedback at {Position} ignored: {Reason} ({Detail})")]
    private static partial void LogMalformed(ILogger logger, string position, string reason, string detail);
}
