using System.Globalization;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;

namespace SensorWatch.IntegrationTests.Reliability;

/// <summary>
/// What the cluster itself holds for the ids a ledger found lost: where each input sits (partition/offset of the
/// windows topic) and whether any output topic holds a record naming it, read partition by partition with
/// <c>assign</c> (no group, read_uncommitted) from the low to the high watermark. Separates "the worker never
/// answered" from "the ledger consumer missed an answer that is in the log". Runs only when a ledger reports loss.
/// </summary>
internal static class LedgerForensics
{
    public static string Describe(string bootstrapServers, string windows, IReadOnlyList<string> outputs, IReadOnlyCollection<string> lostIds)
    {
        HashSet<string> lost = new(lostIds, StringComparer.Ordinal);
        Dictionary<string, string> sources = new(StringComparer.Ordinal);   // "partition/offset" of a lost input → its id
        StringBuilder text = new();
        using IConsumer<byte[], byte[]> consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "forensics-unused",
            EnableAutoCommit = false,
            IsolationLevel = IsolationLevel.ReadUncommitted,
        }).Build();
        using IAdminClient admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        foreach (string topic in outputs.Prepend(windows))
        {
            int partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics[0].Partitions.Count;
            for (int partition = 0; partition < partitions; partition++)
            {
                TopicPartition tp = new(topic, partition);
                WatermarkOffsets marks = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10));
                (int records, List<string> hits) = Scan(consumer, tp, marks, lost, topic == windows, sources);
                text.Append(CultureInfo.InvariantCulture, $"{topic}[{partition}] low {marks.Low.Value} high {marks.High.Value} read {records}");
                text.Append(hits.Count == 0 ? "" : ": " + string.Join(", ", hits)).Append('\n');
            }
        }

        return text.ToString();
    }

    private static (int Records, List<string> Hits) Scan(IConsumer<byte[], byte[]> consumer, TopicPartition tp, WatermarkOffsets marks, HashSet<string> lost, bool isInput,
        Dictionary<string, string> sources)
    {
        List<string> hits = [];
        int records = 0;
        if (marks.High.Value <= marks.Low.Value)
        {
            return (0, hits);
        }

        consumer.Assign(new TopicPartitionOffset(tp, marks.Low));
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        long next = marks.Low.Value;
        while (next < marks.High.Value && DateTime.UtcNow < deadline)
        {
            ConsumeResult<byte[], byte[]>? result;
            try
            {
                result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            }
            catch (ConsumeException)
            {
                continue;
            }

            if (result?.Message is null)
            {
                continue;
            }

            records++;
            next = result.Offset.Value + 1;
            string? id = isInput ? Header(result.Message.Headers) : FindId(result.Message, lost);
            if (id is not null && lost.Contains(id))
            {
                hits.Add(string.Create(CultureInfo.InvariantCulture, $"{id} at offset {result.Offset.Value}"));
                if (isInput)
                {
                    sources[string.Create(CultureInfo.InvariantCulture, $"{result.Partition.Value}/{result.Offset.Value}")] = id;
                }
            }
            else if (!isInput && SourceOf(result.Message) is { } position && sources.TryGetValue(position, out string? source))
            {
                hits.Add(string.Create(CultureInfo.InvariantCulture, $"output for the input of {source}'s input at offset {result.Offset.Value} with id header '{id}'"));
            }
        }

        consumer.Unassign();
        return (records, hits);
    }

    /// <summary>"partition/offset" of the input an output answers: dead-letter headers, or a score record's <c>source</c>.</summary>
    private static string? SourceOf(Message<byte[], byte[]> message)
    {
        if (Text(message.Headers, "sw.dlq.partition") is { } partition && Text(message.Headers, "sw.dlq.offset") is { } offset)
        {
            return partition + "/" + offset;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(message.Value);
            return document.RootElement.TryGetProperty("source", out JsonElement source) && source.ValueKind == JsonValueKind.Object
                ? string.Create(CultureInfo.InvariantCulture, $"{source.GetProperty("partition").GetInt32()}/{source.GetProperty("offset").GetInt64()}")
                : null;
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string? Header(Headers? headers) => Text(headers, LedgerGenerator.IdHeader);

    private static string? Text(Headers? headers, string name) =>
        headers is not null && headers.TryGetLastBytes(name, out byte[] bytes) ? Encoding.UTF8.GetString(bytes) : null;

    private static string? FindId(Message<byte[], byte[]> message, HashSet<string> lost)
    {
        if (Header(message.Headers) is { } header)
        {
            return header;
        }

        string value = message.Value is null ? "" : Encoding.UTF8.GetString(message.Value);
        return lost.FirstOrDefault(id => value.Contains(id, StringComparison.Ordinal));
    }
}
