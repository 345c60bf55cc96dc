using System.Globalization;
using System.Text;
using Confluent.Kafka;
using SensorWatch.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SensorWatch.IntegrationTests.Reliability;

/// <summary>
/// notes/reliability.md §7.2 #11 and #12, the shapes the main ledger mix does not carry, end-to-end through the real
/// process: a payload just under the 1 MiB cap (valid, whitespace-padded: answered normally), one just over it
/// (<c>oversized-payload</c>), a 1000-byte key (<c>oversized-key</c>), a 20 KiB header (<c>oversized-headers</c>), fifty
/// duplicate headers (valid: answered normally) and a float32-subnormal value (the default <c>Subnormals = Flush</c>
/// stores 0: answered normally, never NaN), among ordinary windows (two of each 1 MiB kind, 18 of the others). Every
/// one must be answered the expected way, and the partitions keep flowing.
/// </summary>
[Collection(ChildProcessCollection.Name)]
public sealed class HostileShapesTests(ITestOutputHelper output)
{
    private const int Cap = 1024 * 1024;

    [Theory]
    [EmbeddedKafka]
    [ContainerKafka]
    public async Task Worker_HostileShapesAmongGoodWindows_EachAnsweredAsExpectedNothingLost(KafkaBackend backend)
    {
        await using ChildWorkerWorld world = await ChildWorkerWorld.StartAsync(backend);
        using IProducer<byte[], byte[]> producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = world.Kafka.BootstrapServers,
            Acks = Acks.All,
            EnableIdempotence = true,
            MessageMaxBytes = 4 * Cap,
            MessageTimeoutMs = 30_000,
        }).Build();
        List<LedgerInput> good = LedgerGenerator.Create(216, sensors: 8);
        List<(LedgerInput Input, Headers Extra)> messages = [];
        for (int i = 0; i < good.Count; i++)
        {
            LedgerInput input = good[i];
            string json = Encoding.UTF8.GetString(input.Value);
            (LedgerInput, Headers) hostile = (i % 12) switch
            {
                5 when i < 24 => (input with { Value = Pad(json, Cap - 16) }, []),   // two each: the mock keeps ~5 MiB per partition
                6 when i < 24 => (input with { Value = Pad(json, Cap + 16), ExpectedReason = "oversized-payload" }, []),
                7 => (input with { Key = Encoding.UTF8.GetBytes(new string('k', 1000)), ExpectedReason = "oversized-key" }, []),
                8 => (input with { ExpectedReason = "oversized-headers" }, [new Header("big", new byte[20 * 1024])]),
                9 => (input, Duplicates()),
                10 => (input with { Value = Encoding.UTF8.GetBytes(json.Replace("\"values\":[[", "\"values\":[[1e-40,", StringComparison.Ordinal)
                    .Replace("],[", "],[", StringComparison.Ordinal)) }, []),   // default Subnormals = Flush: stored as 0, scored
                _ => (input, []),
            };
            messages.Add(hostile);
        }

        // The subnormal row gets one value more than the others unless one is dropped: keep the rows equal in length.
        messages = [.. messages.Select(message => Encoding.UTF8.GetString(message.Input.Value).Contains("[[1e-40,", StringComparison.Ordinal)
            ? (message.Input with { Value = DropSecondValue(message.Input.Value) }, message.Extra) : message)];
        SensorWatchProcess worker = world.StartWorker("hostile");
        await worker.WaitForLineAsync(line => line.Contains("Partitions assigned", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        List<Task<DeliveryResult<byte[], byte[]>>> pending = [];
        foreach ((LedgerInput input, Headers extra) in messages)
        {
            Headers headers = [new Header(LedgerGenerator.IdHeader, Encoding.UTF8.GetBytes(input.Id))];
            foreach (IHeader header in extra)
            {
                headers.Add(header.Key, header.GetValueBytes());
            }

            pending.Add(producer.ProduceAsync(world.Windows, new Message<byte[], byte[]> { Key = input.Key, Value = input.Value, Headers = headers }));
        }

        DeliveryResult<byte[], byte[]>[] delivered = await Task.WhenAll(pending);

        // Headers over the cap are not copied onto the dead letter (documented), so those inputs are known by position.
        List<LedgerInput> inputs = [.. messages.Select((message, i) => message.Input.ExpectedReason == "oversized-headers"
            ? message.Input with { Id = LedgerReader.SourceId(delivered[i].Topic, delivered[i].Partition.Value, delivered[i].Offset.Value) }
            : message.Input)];
        List<LedgerOutcome> outcomes = world.Ledger.Collect([.. inputs.Select(input => input.Id)], TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2));
        worker.Terminate();
        int exitCode = await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));
        LedgerReport report = Ledger.Reconcile($"hostile shapes (payload at and over 1 MiB, 1000-byte key, 20 KiB header, duplicate headers, subnormal; {backend})", 1, inputs, outcomes);
        IReadOnlyList<string> violations = report.Violations(maxDuplicatesPerId: 0, maxTotalDuplicates: 0);
        string reasons = string.Join(", ", outcomes.Where(outcome => outcome.Kind == LedgerOutcomeKind.DeadLetter)
            .GroupBy(outcome => outcome.Detail, StringComparer.Ordinal).Select(group => string.Create(CultureInfo.InvariantCulture, $"{group.Key} {group.Count()}")));
        output.WriteLine($"dead letters by reason: {reasons}\n{LedgerReport.Header}\n{report} | {(violations.Count == 0 ? "pass" : "FAIL")}");
        Assert.True(violations.Count == 0, report + "\n" + string.Join("\n", violations) + "\n" + worker.Output);
        Assert.Equal(0, exitCode);
    }

    private static byte[] Pad(string json, int size) =>
        Encoding.UTF8.GetBytes(json[..^1] + new string(' ', size - Encoding.UTF8.GetByteCount(json)) + "}");

    private static Headers Duplicates()
    {
        Headers headers = [];
        for (int i = 0; i < 50; i++)
        {
            headers.Add("dup", Encoding.UTF8.GetBytes(new string((char)('a' + (i % 26)), 100)));
        }

        return headers;
    }

    /// <summary>Removes the first row's second value, so the row with the inserted subnormal keeps D values.</summary>
    private static byte[] DropSecondValue(byte[] value)
    {
        string json = Encoding.UTF8.GetString(value);
        int first = json.IndexOf("[[1e-40,", StringComparison.Ordinal) + "[[1e-40,".Length;
        int comma = json.IndexOf(',', first);
        return Encoding.UTF8.GetBytes(json[..first] + json[(comma + 1)..]);
    }
}
