using System.Globalization;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using SensorWatch.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SensorWatch.IntegrationTests.Reliability;

/// <summary>
/// notes/reliability.md §7.2 #11 for the readings form (one reading per message, assembled into windows of T = 16,
/// stride 8) through a real <c>sensorwatch run</c> process: 6 sensors × 64 readings arrive shuffled within blocks of 4
/// (unsorted), every 7th reading is sent again with another value (duplicate timestamp), and hostile readings are mixed
/// in: a timestamp a year ahead, a "NaN" value, an Infinity literal, all values null, and a reading older than a window
/// already emitted. Every reading must be accounted for by the documented rule (docs/contracts-messages.md,
/// "Readings → windows"): covered by a scored window of its sensor (start ≤ ts &lt; end), dead-lettered with its own
/// reason (timestamp-out-of-range, non-finite-value, too-many-missing), replaced by its duplicate (last write wins),
/// dropped as too old, or still held in its sensor's open window (the last stride). Then more readings prove the
/// partitions keep flowing. The second test: the readings form under <c>Kafka:Guarantee=ExactlyOnce</c> is refused at
/// start (exit 2, the option named), never silently ignored.
/// </summary>
[Collection(ChildProcessCollection.Name)]
public sealed class ReadingsHostileTimestampsTests(ITestOutputHelper output)
{
    private const int Sensors = 6;
    private const int PerSensor = 64;
    private const int Stride = 8;
    private const string IdHeader = LedgerGenerator.IdHeader;

    private static readonly long s_baseMs = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeMilliseconds() / 1000 * 1000;

    [Fact]
    public async Task Worker_ReadingsWithHostileTimestampsAndValues_EveryReadingAccountedPartitionsKeepFlowing()
    {
        await using ChildWorkerWorld world = await ChildWorkerWorld.StartAsync();
        string readings = await world.Kafka.CreateTopicAsync("readings", 2);
        using IProducer<byte[], byte[]> producer = world.CreateProducer();

        // The model: trained cold-start from window messages first, so the readings meet a served model of T = 16.
        List<LedgerInput> warmUp = LedgerGenerator.Create(40, sensors: 4);
        await LedgerGenerator.ProduceAsync(producer, world.Windows, warmUp);
        WorkerShape shape = new()
        {
            Topics = new Dictionary<string, string> { ["Readings"] = readings },
            Scorer = new Dictionary<string, object> { ["Readings"] = new Dictionary<string, object> { ["WindowLength"] = LedgerGenerator.Steps, ["Stride"] = Stride } },
        };
        SensorWatchProcess worker = world.StartWorker("readings", shape: shape);
        world.Ledger.Collect([.. warmUp.Select(input => input.Id)], TimeSpan.FromSeconds(60), TimeSpan.Zero);

        List<Planned> plan = Plan();
        await ProduceAsync(producer, readings, plan[..(plan.Count / 2)]);
        await ProduceAsync(producer, readings, plan[(plan.Count / 2)..]);
        List<Planned> more = [.. Enumerable.Range(0, Sensors).SelectMany(s => Enumerable.Range(PerSensor, 2 * Stride).Select(i => Good(s, i, "flowing")))];
        await ProduceAsync(producer, readings, more);

        Dictionary<string, Expected> expected = Expect(plan.Concat(more).ToList());
        string[] mustAnswer = [.. expected.Where(entry => entry.Value is Expected.Scored or Expected.DeadLetter).Select(entry => entry.Key)];
        (List<(string Sensor, long Start, long End)> windows, Dictionary<string, string> deadLetters) = ReadAnswers(world, expected, TimeSpan.FromSeconds(30));
        worker.Terminate();
        int exitCode = await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));

        List<string> violations = [];
        Dictionary<Expected, int> counts = [];
        foreach ((string id, Expected rule) in expected)
        {
            counts[rule] = counts.GetValueOrDefault(rule) + 1;
            Planned reading = plan.Concat(more).First(p => p.Id == id);
            bool covered = windows.Any(w => w.Sensor == SensorId(reading.Sensor) && w.Start <= reading.TimestampMs && reading.TimestampMs < w.End);
            switch (rule)
            {
                case Expected.Scored when !covered:
                    violations.Add($"{id}: no scored window covers it");
                    break;
                case Expected.DeadLetter when deadLetters.GetValueOrDefault(id) != reading.Reason:
                    violations.Add($"{id}: dead letter reason '{deadLetters.GetValueOrDefault(id)}', expected '{reading.Reason}'");
                    break;
                case Expected.Replaced or Expected.DroppedTooOld or Expected.HeldOpen when deadLetters.ContainsKey(id):
                    violations.Add($"{id}: {rule} by the rule, but dead-lettered ({deadLetters[id]})");
                    break;
                default:
                    break;
            }
        }

        int duplicateWindows = windows.Count - windows.Distinct().Count();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"readings: {expected.Count} ({string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}"))}); scored windows {windows.Count} (repeated {duplicateWindows}); dead letters {deadLetters.Count} ({string.Join(", ", deadLetters.Values.GroupBy(r => r).Select(g => $"{g.Key} {g.Count()}"))}); must answer {mustAnswer.Length}; violations {violations.Count}"));
        Assert.True(violations.Count == 0, string.Join("\n", violations.Take(20)) + "\n" + worker.Output);
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task Worker_ReadingsTopicUnderExactlyOnce_RefusedAtStartWithTheOptionNamed()
    {
        await using ChildWorkerWorld world = await ChildWorkerWorld.StartAsync();
        string readings = await world.Kafka.CreateTopicAsync("readings", 1);
        SensorWatchProcess worker = world.StartWorker("eos-readings", guarantee: "ExactlyOnce",
            shape: new WorkerShape { Topics = new Dictionary<string, string> { ["Readings"] = readings } });

        int exitCode = await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));

        output.WriteLine(worker.Output.Split('\n').FirstOrDefault(line => line.Contains("Readings", StringComparison.Ordinal))?.Trim() ?? "(no line)");
        Assert.Equal(2, exitCode);
        Assert.Contains("Kafka:Topics:Readings must be empty when Guarantee is ExactlyOnce", worker.Output, StringComparison.Ordinal);
    }

    /// <summary>The readings in send order: per sensor shuffled within blocks of 4, duplicates and hostile readings mixed in.</summary>
    private static List<Planned> Plan()
    {
        Random random = new(20261124);
        List<Planned> plan = [];
        for (int block = 0; block < PerSensor / 4; block++)
        {
            for (int s = 0; s < Sensors; s++)
            {
                int[] order = [.. Enumerable.Range(block * 4, 4).OrderBy(_ => random.Next())];
                foreach (int i in order)
                {
                    plan.Add(Good(s, i, "first"));
                    if (i % 7 == 3)
                    {
                        plan.Add(Good(s, i, "again", offset: 0.25));   // same ts: last write wins
                    }
                }

                if (block == 6)
                {
                    plan.Add(Hostile(s, block, "future", s_baseMs + TimeSpan.FromDays(365).Ticks / TimeSpan.TicksPerMillisecond, "[1,2,3]", "timestamp-out-of-range"));
                    plan.Add(Hostile(s, block, "nan", Ts(s, 26) + 500, "[\"NaN\",2,3]", "non-finite-value"));
                    plan.Add(Hostile(s, block, "inf", Ts(s, 26) + 600, "[Infinity,2,3]", "non-finite-value"));
                    plan.Add(Hostile(s, block, "null", Ts(s, 26) + 700, "[null,null,null]", "too-many-missing"));
                    plan.Add(Hostile(s, block, "too-old", Ts(s, 1) + 500, "[1,2,3]", null));
                }
            }
        }

        return plan;
    }

    /// <summary>What the documented rules say happens to each reading.</summary>
    private static Dictionary<string, Expected> Expect(List<Planned> all)
    {
        Dictionary<string, Expected> expected = new(StringComparer.Ordinal);
        foreach (IGrouping<int, Planned> sensor in all.GroupBy(p => p.Sensor))
        {
            long lastIndex = sensor.Where(p => p.Reason is null && p.Kind != "too-old").Max(p => p.Index);
            foreach (Planned reading in sensor)
            {
                expected[reading.Id] = reading switch
                {
                    { Reason: not null } => Expected.DeadLetter,
                    { Kind: "too-old" } => Expected.DroppedTooOld,
                    { Kind: "first" } when sensor.Any(p => p.Kind == "again" && p.Index == reading.Index) => Expected.Replaced,
                    _ when reading.Index > lastIndex - Stride => Expected.HeldOpen,
                    _ => Expected.Scored,
                };
            }
        }

        return expected;
    }

    private static (List<(string Sensor, long Start, long End)> Windows, Dictionary<string, string> DeadLetters) ReadAnswers(
        ChildWorkerWorld world, Dictionary<string, Expected> expected, TimeSpan timeout)
    {
        List<(string, long, long)> windows = [];
        Dictionary<string, string> deadLetters = new(StringComparer.Ordinal);
        int wantedDead = expected.Count(e => e.Value == Expected.DeadLetter);
        int wantedWindows = Sensors * (((PerSensor + (2 * Stride) - LedgerGenerator.Steps) / Stride) + 1);
        using IConsumer<byte[], byte[]> consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = world.Kafka.BootstrapServers,
            GroupId = TopicNames.Unique("readings-ledger"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe([world.Scores, world.DeadLetters]);
        using CancellationTokenSource limit = new(timeout);
        DateTime settleUntil = DateTime.MaxValue;
        while (!limit.IsCancellationRequested && DateTime.UtcNow < settleUntil)
        {
            ConsumeResult<byte[], byte[]>? result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result?.Message is { } message)
            {
                if (result.Topic == world.DeadLetters)
                {
                    string? id = Header(message.Headers, IdHeader);
                    if (id is not null)
                    {
                        deadLetters[id] = Header(message.Headers, "sw.dlq.reason") ?? "";
                    }
                }
                else
                {
                    using JsonDocument document = JsonDocument.Parse(message.Value);
                    JsonElement root = document.RootElement;
                    string sensor = root.GetProperty("sensorId").GetString()!;
                    if (sensor.StartsWith("hostile-", StringComparison.Ordinal))
                    {
                        windows.Add((sensor, Ms(root.GetProperty("windowStart").GetString()!), Ms(root.GetProperty("windowEnd").GetString()!)));
                    }
                }
            }

            if (settleUntil == DateTime.MaxValue && deadLetters.Count >= wantedDead && windows.Distinct().Count() >= wantedWindows)
            {
                settleUntil = DateTime.UtcNow.AddSeconds(1);
            }
        }

        consumer.Close();
        return (windows, deadLetters);
    }

    private static async Task ProduceAsync(IProducer<byte[], byte[]> producer, string topic, List<Planned> readings)
    {
        foreach (Planned reading in readings)
        {
            DeliveryResult<byte[], byte[]> result = await producer.ProduceAsync(topic, new Message<byte[], byte[]>
            {
                Key = Encoding.UTF8.GetBytes(SensorId(reading.Sensor)),
                Value = Encoding.UTF8.GetBytes(reading.Json),
                Headers = [new Header(IdHeader, Encoding.UTF8.GetBytes(reading.Id))],
            });
            Assert.NotEqual(Offset.Unset, result.Offset);
        }
    }

    private static Planned Good(int sensor, int index, string kind, double offset = 0)
    {
        StringBuilder values = new("[");
        for (int d = 0; d < LedgerGenerator.Features; d++)
        {
            double value = (Math.Sin((index / 5.0) + d) * (d + 1)) + offset;
            values.Append(d == 0 ? "" : ",").Append(value.ToString("F4", CultureInfo.InvariantCulture));
        }

        return new Planned(sensor, index, kind, Ts(sensor, index), Json(sensor, Ts(sensor, index), values.Append(']').ToString()), null);
    }

    private static Planned Hostile(int sensor, int block, string kind, long ts, string values, string? reason) =>
        new(sensor, block * 4, kind, ts, Json(sensor, ts, values), reason);

    private static string Json(int sensor, long ts, string values) =>
        $"{{\"sensorId\":\"{SensorId(sensor)}\",\"ts\":\"{DateTimeOffset.FromUnixTimeMilliseconds(ts).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}\",\"values\":{values}}}";

    private static string SensorId(int sensor) => string.Create(CultureInfo.InvariantCulture, $"hostile-{sensor}");

    private static long Ts(int sensor, int index) => s_baseMs + (sensor * 7L) + (index * 1000L);

    private static long Ms(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    private static string? Header(Headers headers, string name) =>
        headers.TryGetLastBytes(name, out byte[] bytes) ? Encoding.UTF8.GetString(bytes) : null;

    private enum Expected
    {
        Scored,
        DeadLetter,
        Replaced,
        DroppedTooOld,
        HeldOpen,
    }

    private sealed record Planned(int Sensor, int Index, string Kind, long TimestampMs, string Json, string? Reason)
    {
        public string Id => string.Create(CultureInfo.InvariantCulture, $"{SensorId(Sensor)}#{Index}-{Kind}-{TimestampMs}");
    }
}
