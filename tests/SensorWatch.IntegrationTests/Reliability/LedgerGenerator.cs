using System.Globalization;
using System.Text;
using Confluent.Kafka;

namespace SensorWatch.IntegrationTests.Reliability;

/// <summary>
/// Deterministic ledger input: window messages (DESIGN §3, T = 16 steps of 1 s, D = 3) for a few sensors, each with a
/// unique, recoverable id <c>sensorId@startMs</c> (in <c>windowId</c> and in the <see cref="IdHeader"/> header), and,
/// when asked, every k-th message replaced by a bad one — each bad kind a distinct dead-letter reason, all of them
/// caught before the model is consulted, so they hold during a cold start too.
/// </summary>
internal static class LedgerGenerator
{
    /// <summary>Header carrying the ledger id; the worker copies original headers onto dead letters.</summary>
    public const string IdHeader = "sw-ledger-id";

    public const int Steps = 16;
    public const int Features = 3;

    /// <summary>A recent whole-second base time, so windows pass the decoder's age and future-skew checks.</summary>
    private static readonly long s_baseMs = DateTimeOffset.UtcNow.AddHours(-3).ToUnixTimeMilliseconds() / 1000 * 1000;

    /// <summary>Each bad kind: the reason the worker must give and how the payload is made from a good window.</summary>
    public static readonly IReadOnlyList<(string Reason, Func<string, string, byte[]> Make)> BadKinds =
    [
        ("malformed-json", (sensor, _) => Utf8($"{{\"sensorId\":\"{sensor}\",\"values\":[[1,2")),
        ("invalid-utf8", (_, _) => [0x7b, 0x22, 0x73, 0xff, 0xfe, 0x22, 0x7d]),
        ("empty-payload", (_, _) => []),
        ("non-finite-value", (_, good) => Utf8(good.Replace("\"values\":[[", "\"values\":[[NaN,", StringComparison.Ordinal))),
        ("value-out-of-range", (_, good) => Utf8(good.Replace("\"values\":[[", "\"values\":[[1e400,", StringComparison.Ordinal))),
        ("empty-window", (sensor, _) => Utf8($"{{\"sensorId\":\"{sensor}\",\"start\":\"{Start(0)}\",\"intervalMs\":1000,\"values\":[]}}")),
        ("ragged-rows", (sensor, _) => Utf8($"{{\"sensorId\":\"{sensor}\",\"start\":\"{Start(0)}\",\"intervalMs\":1000,\"values\":[[1,2,3],[1,2]]}}")),
        ("too-deep", (sensor, _) => Utf8($"{{\"sensorId\":\"{sensor}\",\"extra\":{new string('[', 10_000)}{new string(']', 10_000)}}}")),
        ("bad-interval", (_, good) => Utf8(good.Replace("\"intervalMs\":1000", "\"intervalMs\":0", StringComparison.Ordinal))),
        ("bad-timestamp", (_, good) => Utf8(good.Replace("Z\",\"intervalMs\"", "\",\"intervalMs\"", StringComparison.Ordinal))),
        ("missing-field", (_, good) => Utf8(good.Replace("\"intervalMs\":1000,", "", StringComparison.Ordinal))),
        ("wrong-type", (_, _) => Utf8("[1,2,3]")),
        ("duplicate-key", (sensor, good) => Utf8(good.Replace("{\"sensorId\"", $"{{\"sensorId\":\"{sensor}\",\"sensorId\"", StringComparison.Ordinal))),
        ("timestamp-out-of-range", (sensor, _) => Utf8(Window(sensor, 0, startMs: DateTimeOffset.UtcNow.AddDays(2).ToUnixTimeMilliseconds() / 1000 * 1000, id: null))),
        ("string-too-long", (_, good) => Utf8(good.Replace("{\"sensorId\"", $"{{\"note\":\"{new string('x', 300)}\",\"sensorId\"", StringComparison.Ordinal))),
        ("array-too-long", (sensor, _) => Utf8($"{{\"sensorId\":\"{sensor}\",\"start\":\"{Start(0)}\",\"intervalMs\":1000,\"values\":[[{string.Join(',', Enumerable.Repeat('0', 100_000))}]]}}")),
        ("too-many-missing", (_, good) => Utf8(NullRows(good))),
        ("key-mismatch", (_, good) => Utf8(good)),
    ];

    /// <summary>
    /// <paramref name="count"/> inputs over <paramref name="sensors"/> sensors, round robin, message i belonging to window
    /// i / sensors of its sensor; when <paramref name="badEvery"/> &gt; 0, message i with i % badEvery == badEvery − 1 is bad
    /// (kinds in turn); when <paramref name="anomalyEvery"/> &gt; 0, each sensor's windows w with w % anomalyEvery in
    /// [anomalyEvery − 4, anomalyEvery) are shifted by +8 (a burst an alert can open on).
    /// </summary>
    public static List<LedgerInput> Create(int count, int sensors = 8, int badEvery = 0, int anomalyEvery = 0, int firstWindow = 0)
    {
        List<LedgerInput> inputs = new(count);
        int bad = 0;
        for (int i = 0; i < count; i++)
        {
            string sensor = $"ledger-{i % sensors}";
            int window = firstWindow + (i / sensors);
            long startMs = s_baseMs + ((long)window * Steps * 1000);
            string id = Id(sensor, startMs);
            bool anomalous = anomalyEvery > 0 && window % anomalyEvery >= anomalyEvery - 4;
            string good = Window(sensor, window, startMs, id, anomalous);
            if (badEvery > 0 && i % badEvery == badEvery - 1)
            {
                (string reason, Func<string, string, byte[]> make) = BadKinds[bad++ % BadKinds.Count];
                byte[] key = Utf8(reason == "key-mismatch" ? "not-" + sensor : sensor);
                inputs.Add(new LedgerInput(id, key, make(sensor, good), reason));
            }
            else
            {
                inputs.Add(new LedgerInput(id, Utf8(sensor), Utf8(good), null));
            }
        }

        return inputs;
    }

    public static string Id(string sensor, long startMs) => string.Create(CultureInfo.InvariantCulture, $"{sensor}@{startMs}");

    /// <summary>
    /// Produces <paramref name="inputs"/> (id header first) and waits for every delivery report. A success report
    /// without an offset is not proof of a write (librdkafka's mock sends them for records it never appended under
    /// injected NOT_LEADER_FOR_PARTITION, <see cref="MockAcknowledgementTests"/>): such inputs are produced again (a
    /// duplicate input if the mock did write it, answered twice by the worker), at most 20 rounds.
    /// </summary>
    public static async Task ProduceAsync(IProducer<byte[], byte[]> producer, string topic, IEnumerable<LedgerInput> inputs, CancellationToken cancellationToken = default)
    {
        List<LedgerInput> unconfirmed = [.. inputs];
        for (int round = 0; unconfirmed.Count > 0; round++)
        {
            if (round == 20)
            {
                throw new InvalidOperationException($"{unconfirmed.Count} input(s) still acknowledged without an offset after {round} rounds");
            }

            List<Task<DeliveryResult<byte[], byte[]>>> pending = [];
            foreach (LedgerInput input in unconfirmed)
            {
                Message<byte[], byte[]> message = new() { Key = input.Key, Value = input.Value, Headers = [new Header(IdHeader, Utf8(input.Id))] };
                pending.Add(producer.ProduceAsync(topic, message, cancellationToken));
            }

            DeliveryResult<byte[], byte[]>[] results = await Task.WhenAll(pending).ConfigureAwait(false);
            unconfirmed = [.. unconfirmed.Where((_, i) => results[i].Offset == Offset.Unset)];
        }
    }

    /// <summary>Produces <paramref name="inputs"/> in steps of <paramref name="step"/>, pausing between them (input that keeps arriving).</summary>
    public static async Task FeedAsync(IProducer<byte[], byte[]> producer, string topic, List<LedgerInput> inputs, CancellationToken cancellationToken,
        int step = 50, int pauseMs = 50)
    {
        for (int i = 0; i < inputs.Count; i += step)
        {
            await ProduceAsync(producer, topic, inputs.GetRange(i, Math.Min(step, inputs.Count - i)), cancellationToken);
            await Task.Delay(pauseMs, cancellationToken);
        }
    }

    private static string Window(string sensor, int window, long startMs, string? id, bool anomalous = false)
    {
        StringBuilder json = new(640);
        json.Append("{\"sensorId\":\"").Append(sensor).Append('"');
        if (id is not null)
        {
            json.Append(",\"windowId\":\"").Append(id).Append('"');
        }

        json.Append(",\"start\":\"").Append(StartText(startMs)).Append("\",\"intervalMs\":1000,\"values\":[");
        for (int t = 0; t < Steps; t++)
        {
            json.Append(t == 0 ? "[" : ",[");
            for (int d = 0; d < Features; d++)
            {
                double phase = ((window * Steps) + t) / 5.0;
                double noise = ((sensor[^1] + (t * 104729) + (d * 1299709) + window) % 1000) / 1000.0 * 0.2;
                double value = (Math.Sin(phase + d) * (d + 1)) + noise + (anomalous ? 8 : 0);
                json.Append(d == 0 ? "" : ",").Append(value.ToString("F4", CultureInfo.InvariantCulture));
            }

            json.Append(']');
        }

        return json.Append("]}").ToString();
    }

    private static string NullRows(string good)
    {
        int values = good.IndexOf("\"values\":[", StringComparison.Ordinal) + "\"values\":[".Length;
        string nulls = string.Join(',', Enumerable.Repeat("[null,null,null]", Steps));
        return good[..values] + nulls + "]}";
    }

    private static string Start(int window) => StartText(s_baseMs + ((long)window * Steps * 1000));

    private static string StartText(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
