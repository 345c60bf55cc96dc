using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using SensorWatch.IntegrationTests.Infrastructure;

namespace SensorWatch.IntegrationTests.Reliability;

/// <summary>
/// The ledger consumer: reads the score, dead-letter and alert topics from the beginning (read_committed by
/// default, so aborted exactly-once output never counts) and turns each record into a <see cref="LedgerOutcome"/>.
/// </summary>
internal sealed class LedgerReader(string bootstrapServers, string scores, string deadLetters, string alerts)
{
    /// <summary>
    /// Reads until every id in <paramref name="ids"/> has an answer, then <paramref name="settle"/> longer (late
    /// duplicates count too); after <paramref name="timeout"/> returns what it has — the report then names the lost ids.
    /// </summary>
    public List<LedgerOutcome> Collect(IReadOnlyCollection<string> ids, TimeSpan timeout, TimeSpan settle, bool readCommitted = true)
    {
        HashSet<string> waiting = new(ids, StringComparer.Ordinal);
        List<LedgerOutcome> outcomes = [];
        using IConsumer<byte[], byte[]> consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = TopicNames.Unique("ledger"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            IsolationLevel = readCommitted ? IsolationLevel.ReadCommitted : IsolationLevel.ReadUncommitted,
        }).Build();
        consumer.Subscribe([scores, deadLetters, alerts]);
        Stopwatch clock = Stopwatch.StartNew();
        Stopwatch? settling = null;
        try
        {
            while (clock.Elapsed < timeout && (settling is null || settling.Elapsed < settle))
            {
                ConsumeResult<byte[], byte[]>? result;
                try
                {
                    result = consumer.Consume(TimeSpan.FromMilliseconds(100));
                }
                catch (ConsumeException exception) when (!exception.Error.IsFatal)
                {
                    continue;   // injected broker faults reach the ledger too; it retries like any consumer
                }

                if (result?.Message is not null && ToOutcome(result) is { } outcome)
                {
                    outcomes.Add(outcome);
                    waiting.Remove(outcome.Id);
                }

                if (waiting.Count == 0 && settling is null)
                {
                    settling = Stopwatch.StartNew();
                }
            }
        }
        finally
        {
            consumer.Close();
        }

        return outcomes;
    }

    private LedgerOutcome? ToOutcome(ConsumeResult<byte[], byte[]> result)
    {
        if (result.Topic == deadLetters)
        {
            // A dead letter whose original headers were too large to copy has no id header: it names its source instead.
            string? id = LastHeader(result.Message.Headers, LedgerGenerator.IdHeader)
                ?? (LastHeader(result.Message.Headers, "sw.dlq.partition") is { } partition && LastHeader(result.Message.Headers, "sw.dlq.offset") is { } offset
                    ? SourceId(LastHeader(result.Message.Headers, "sw.dlq.topic") ?? "", partition, offset) : null);
            return id is null ? null : new LedgerOutcome(id, LedgerOutcomeKind.DeadLetter, LastHeader(result.Message.Headers, "sw.dlq.reason") ?? "");
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(result.Message.Value);
            JsonElement root = document.RootElement;
            if (result.Topic == scores)
            {
                return root.TryGetProperty("windowId", out JsonElement id) && id.ValueKind == JsonValueKind.String
                    ? new LedgerOutcome(id.GetString()!, LedgerOutcomeKind.Score, Text(root, "status"))
                    : null;
            }

            return root.TryGetProperty("alertId", out JsonElement alertId)
                ? new LedgerOutcome(alertId.GetString() ?? "", LedgerOutcomeKind.Alert, Text(root, "state") + "|" + Text(root, "windowEnd") + "|" + Text(root, "severity"))
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The ledger id of an input known only by its position (see <see cref="ToOutcome"/>).</summary>
    public static string SourceId(string topic, object partition, object offset) => $"source:{topic}/{partition}/{offset}";

    private static string Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) ? value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.GetRawText() : "";

    private static string? LastHeader(Headers? headers, string name) =>
        headers is not null && headers.TryGetLastBytes(name, out byte[] bytes) ? Encoding.UTF8.GetString(bytes) : null;
}
