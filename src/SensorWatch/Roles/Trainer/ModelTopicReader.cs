using Confluent.Kafka;
using SensorWatch.Core.Scoring;
using SensorWatch.Core.Snapshots;

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

    public ModelTopicReader(string bootstrapServers, string topic)
    {
        _topic = topic;
        _consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"sensorwatch-models-{Guid.NewGuid():N}", // required by the client; never committed
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            FetchMaxBytes = 64 * 1024 * 1024,
            MaxPartitionFetchBytes = 64 * 1024 * 1024,
        }).Build();
    }

    /// <summary>Assigns every partition of the topic from offset 0.</summary>
    public void Start(TimeSpan timeout)
    {
        using IAdminClient admin = new DependentAdminClientBuilder(_consumer.Handle).Build();
        Metadata metadata = admin.GetMetadata(_topic, timeout);
        List<TopicPartitionOffset> partitions = [.. metadata.Topics.Single(t => t.Topic == _topic).Partitions
            .Select(p => new TopicPartitionOffset(_topic, p.PartitionId, Offset.Beginning))];
        _partitions = partitions.Count;
        _consumer.Assign(partitions);
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
