using Confluent.Kafka;
using SensorWatch.Core.Scoring;
using SensorWatch.Core.Snapshots;
using SensorWatch.Kafka;

namespace SensorWatch.Roles.Trainer;

/// <summary>
/// Reads the compacted models topic from the beginning of every partition (no consumer group, no commits: each
/// scorer replica sees every model). Each record is verified with <see cref="ModelSnapshot.FromBytes"/>; a verified
/// model is handed to <c>onModel</c>, a corrupt one to <c>onRefused</c> with the reason, so the caller keeps its
/// current model. Not thread-safe: one reader per thread.
/// </summary>
internal sealed class ModelTopicReader : IDisposable
{
    private readonly IConsumer<string, byte[]> _consumer;
    private readonly string _topic;
    private readonly HashSet<TopicPartition> _atEnd = [];
    private int _partitions;

    /// <param name="client">Extra librdkafka settings (the worker's <c>Kafka:Client</c>: security, timeouts).</param>
    public ModelTopicReader(string bootstrapServers, string topic, IEnumerable<KeyValuePair<string, string>>? client = null)
    {
        _topic = topic;
        ConsumerConfig config = new()
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"sensorwatch-models-{Guid.NewGuid():N}", // required by the client; never committed
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            FetchMaxBytes = 64 * 1024 * 1024,
            MaxPartitionFetchBytes = 64 * 1024 * 1024,
        };
        KafkaClientConfigs.ApplyClient(config, client);

        _consumer = new ConsumerBuilder<string, byte[]>(config).SetLogHandler((_, _) => { }).Build();
    }

    /// <summary>Assigns every partition of the topic from offset 0; throws when the topic does not exist.</summary>
    public void Start(TimeSpan timeout)
    {
        if (!TryStart(timeout, out string? problem))
        {
            throw new KafkaException(new Error(ErrorCode.UnknownTopicOrPart, problem));
        }
    }

    /// <summary>Assigns every partition of the topic from offset 0; false (with the reason) when it is missing or unreachable.</summary>
    public bool TryStart(TimeSpan timeout, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? problem)
    {
        using IAdminClient admin = new DependentAdminClientBuilder(_consumer.Handle).Build();
        Metadata metadata;
        try
        {
            metadata = admin.GetMetadata(_topic, timeout);
        }
        catch (KafkaException exception)
        {
            problem = $"metadata for '{_topic}': {exception.Error.Reason}";
            return false;
        }

        TopicMetadata? topic = metadata.Topics.FirstOrDefault(t => t.Topic == _topic);
        if (topic is null || topic.Error.IsError || topic.Partitions.Count == 0)
        {
            problem = $"topic '{_topic}' is not available ({topic?.Error.Reason ?? "not in the metadata"})";
            return false;
        }

        List<TopicPartitionOffset> partitions = [.. topic.Partitions.Select(p => new TopicPartitionOffset(_topic, p.PartitionId, Offset.Beginning))];
        _partitions = partitions.Count;
        _consumer.Assign(partitions);
        problem = null;
        return true;
    }

    /// <summary>True once every partition has been read to its end at least once (the scorer may then serve).</summary>
    public bool CaughtUp => _partitions > 0 && _atEnd.Count == _partitions;

    /// <summary>Polls once; returns false on a timeout with nothing read.</summary>
    public bool Poll(TimeSpan timeout, Action<string, AnomalyDetector, TopicPartitionOffset> onModel, Action<string, string> onRefused)
    {
        ConsumeResult<string, byte[]>? result = _consumer.Consume(timeout);
        if (result is null)
        {
            return false;
        }

        if (result.IsPartitionEOF)
        {
            _atEnd.Add(result.TopicPartition);
            return true;
        }

        string key = result.Message.Key ?? string.Empty;
        if (result.Message.Value is null)
        {
            return true; // tombstone: the key was deleted; keep whatever is served
        }

        try
        {
            onModel(key, ModelSnapshot.FromBytes(result.Message.Value, $"{_topic} {result.TopicPartitionOffset}"), result.TopicPartitionOffset);
        }
        catch (ModelSnapshotException exception)
        {
            onRefused(key, $"[{exception.Kind}] {exception.Message}");
        }

        return true;
    }

    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
    }
}
