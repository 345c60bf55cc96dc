using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using SensorWatch.Kafka;

namespace SensorWatch.Roles.Scorer.State;

/// <summary>
/// The compacted alert-state topic (<c>Kafka:Topics:AlertState</c>, key = sensorId, value = <see cref="AlertCheckpointCodec"/>).
/// <para>Partition rule: a checkpoint of a sensor whose windows arrive on input partition p goes to state partition
/// p mod N (N = the state topic's partitions), so a replica assigned input partitions P reads only the state partitions
/// {p mod N : p ∈ P}, and keeps the records whose input (topic, partition) it was assigned. With N ≥ the input
/// partition count a replica reads exactly its own sensors; with fewer it reads more and filters.</para>
/// <para>Writes: at-least-once — the checkpoint is the window's follow-up output (<see cref="InputTicket.FollowUp"/>),
/// produced when the window's score record and alert are acknowledged, and the window's offset is stored only after the
/// checkpoint is acknowledged too; exactly-once — produced at once, inside the window's transaction.</para>
/// <para>Restore: read the chosen state partitions from the beginning to their end (read_committed), the last record
/// per key wins, a tombstone or undecodable record means "start fresh" (logged).</para>
/// </summary>
internal sealed partial class AlertStateTopic : IDisposable
{
    private static readonly TimeSpan s_restoreTimeout = TimeSpan.FromSeconds(20);

    private readonly string _topic;
    private readonly int _partitions;
    private readonly bool _exactlyOnce;
    private readonly OutputPublisher _publisher;
    private readonly ConsumerConfig _readerConfig;
    private readonly ILogger _logger;
    private IConsumer<byte[], byte[]>? _reader;

    private AlertStateTopic(string topic, int partitions, bool exactlyOnce, OutputPublisher publisher, ConsumerConfig readerConfig, ILogger logger)
    {
        _topic = topic;
        _partitions = partitions;
        _exactlyOnce = exactlyOnce;
        _publisher = publisher;
        _readerConfig = readerConfig;
        _logger = logger;
    }

    public string Topic => _topic;

    public int Partitions => _partitions;

    /// <summary>
    /// Finds the topic's partition count with a short-lived admin client of its own (a metadata request for a missing
    /// topic on the scorer's consumer handle would linger in that consumer's metadata); null (alert state in memory
    /// only, logged) when the topic is configured off, missing or unreachable.
    /// </summary>
    public static AlertStateTopic? Open(WorkerSettings settings, OutputPublisher publisher, ILogger logger)
    {
        string topic = settings.Kafka.Topics.AlertState;
        if (string.IsNullOrEmpty(topic))
        {
            LogDisabled(logger, "Kafka:Topics:AlertState is empty");
            return null;
        }

        string problem;
        try
        {
            using IAdminClient admin = new AdminClientBuilder(KafkaClientConfigs.Admin(settings.Kafka)).SetLogHandler((_, _) => { }).Build();
            TopicMetadata? metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.FirstOrDefault(t => t.Topic == topic);
            if (metadata is { Error.IsError: false, Partitions.Count: > 0 })
            {
                ConsumerConfig reader = new()
                {
                    BootstrapServers = settings.Kafka.BootstrapServers,
                    GroupId = $"sensorwatch-alert-state-{Guid.NewGuid():N}", // required by the client; never joined or committed
                    ClientId = $"sensorwatch-alert-state-{settings.Worker.ResolvedInstanceId}",
                    EnableAutoCommit = false,
                    EnablePartitionEof = true,
                    IsolationLevel = IsolationLevel.ReadCommitted,
                    FetchWaitMaxMs = 10, // the restore reads to the end: do not let the broker hold the last (empty) fetch
                };
                KafkaClientConfigs.ApplyClient(reader, settings.Kafka.Client);

                LogEnabled(logger, topic, metadata.Partitions.Count);
                return new AlertStateTopic(topic, metadata.Partitions.Count, settings.ExactlyOnce, publisher, reader, logger);
            }

            problem = $"topic '{topic}' is not available ({metadata?.Error.Reason ?? "not in the metadata"})";
        }
        catch (KafkaException exception)
        {
            problem = $"metadata for '{topic}': {exception.Error.Reason}";
        }

        LogDisabled(logger, problem);
        return null;
    }

    /// <summary>The state partition of a sensor whose windows come from input partition <paramref name="inputPartition"/>.</summary>
    public int PartitionFor(int inputPartition) => inputPartition % _partitions;

    /// <summary>Writes one checkpoint, owed to <paramref name="ticket"/> (call before the ticket is sealed).</summary>
    public void Write(AlertCheckpoint checkpoint, InputTicket ticket, CancellationToken cancellationToken)
    {
        Message<byte[], byte[]> message = new() { Key = AlertCheckpointCodec.Key(checkpoint.SensorId), Value = AlertCheckpointCodec.Encode(checkpoint) };
        OutputRecord record = new(_topic, message, ticket, OutputKind.AlertState) { Partition = PartitionFor(checkpoint.Partition) };
        if (_exactlyOnce)
        {
            _publisher.Publish(record, cancellationToken);
        }
        else
        {
            ticket.FollowUp = record; // overwrites an earlier one of the same ticket: the later state is the one to keep
        }
    }

    /// <summary>
    /// The latest checkpoint of every sensor whose windows come from one of <paramref name="assigned"/>: reads the
    /// matching state partitions to their end (bounded by a timeout; a partial restore is logged).
    /// </summary>
    public IReadOnlyList<AlertCheckpoint> Restore(IReadOnlyCollection<TopicPartition> assigned)
    {
        if (assigned.Count == 0)
        {
            return [];
        }

        HashSet<(string Topic, int Partition)> wanted = [.. assigned.Select(partition => (partition.Topic, partition.Partition.Value))];
        HashSet<int> statePartitions = [.. wanted.Select(input => PartitionFor(input.Partition))];
        _reader ??= new ConsumerBuilder<byte[], byte[]>(_readerConfig).SetLogHandler((_, _) => { }).Build();
        _reader.Assign(statePartitions.Select(partition => new TopicPartitionOffset(_topic, partition, Offset.Beginning)));
        Dictionary<string, AlertCheckpoint> latest = new(StringComparer.Ordinal);
        HashSet<int> atEnd = [];
        Stopwatch watch = Stopwatch.StartNew();
        long records = 0;
        int refused = 0;
        try
        {
            while (atEnd.Count < statePartitions.Count && watch.Elapsed < s_restoreTimeout)
            {
                ConsumeResult<byte[], byte[]>? result = _reader.Consume(TimeSpan.FromMilliseconds(100));
                if (result is null)
                {
                    continue;
                }

                if (result.IsPartitionEOF)
                {
                    atEnd.Add(result.Partition.Value);
                    continue;
                }

                records++;
                string key = result.Message.Key is null ? "" : Encoding.UTF8.GetString(result.Message.Key);
                if (result.Message.Value is null)
                {
                    latest.Remove(key); // tombstone
                }
                else if (AlertCheckpointCodec.TryDecode(key, result.Message.Value, out AlertCheckpoint? checkpoint, out string? problem))
                {
                    if (wanted.Contains((checkpoint!.Topic, checkpoint.Partition)))
                    {
                        latest[key] = checkpoint;
                    }
                    else
                    {
                        latest.Remove(key); // the sensor's newest state belongs to a partition this replica was not given
                    }
                }
                else
                {
                    refused++;
                    latest.Remove(key);
                    LogRefused(_logger, key, result.TopicPartitionOffset.ToString(), problem!);
                }
            }
        }
        catch (ConsumeException exception)
        {
            LogRestoreProblem(_logger, _topic, exception.Error.Reason);
        }
        finally
        {
            _reader.Unassign();
        }

        if (atEnd.Count < statePartitions.Count)
        {
            LogRestoreIncomplete(_logger, _topic, watch.Elapsed.TotalSeconds, statePartitions.Count - atEnd.Count);
        }

        LogRestored(_logger, latest.Count, latest.Values.Count(c => c.State.OpenAlertId is not null), records, refused, statePartitions.Count,
            watch.Elapsed.TotalMilliseconds);
        return [.. latest.Values];
    }

    public void Dispose()
    {
        _reader?.Close();
        _reader?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert state checkpointed to '{Topic}' ({Partitions} partitions)")]
    private static partial void LogEnabled(ILogger logger, string topic, int partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert state is kept in memory only ({Problem}): a restart or rebalance may re-open alerts")]
    private static partial void LogDisabled(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert checkpoint of sensor '{SensorId}' at {Position} refused, the sensor starts fresh: {Problem}")]
    private static partial void LogRefused(ILogger logger, string sensorId, string position, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading alert state '{Topic}': {Problem}")]
    private static partial void LogRestoreProblem(ILogger logger, string topic, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert state restore from '{Topic}' stopped after {Seconds:F0} s with {Partitions} partition(s) not read to the end")]
    private static partial void LogRestoreIncomplete(ILogger logger, string topic, double seconds, int partitions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert state restored: {Sensors} sensors ({Open} with an open alert) from {Records} records ({Refused} refused) of {Partitions} state partition(s) in {Milliseconds:F0} ms")]
    private static partial void LogRestored(ILogger logger, int sensors, int open, long records, int refused, int partitions, double milliseconds);
}
