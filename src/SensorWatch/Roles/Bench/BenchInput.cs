using System.Buffers;
using System.Text;
using Confluent.Kafka;
using SensorWatch.Simulator;

namespace SensorWatch.Roles.Bench;

/// <summary>
/// The benchmark's ref-small JSON windows (T=64, D=8, 200 sensors, model "pump"; ~3.6 KB each) and the model's training
/// data: <c>distinct</c> (N, T, D) smooth multivariate windows with a little noise, seeded.
/// </summary>
internal sealed class BenchInput
{
    public const int T = 64;
    public const int D = 8;
    public const int Sensors = 200;

    public static readonly string[] Features = ["temperature", "pressure", "flow", "vibration", "power", "current", "speed", "ambient"];

    private readonly ArrayBufferWriter<byte> _buffer = new();
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow.AddDays(-7);   // one second per window: 200k windows stay in the past

    public BenchInput(int distinct)
    {
        Distinct = distinct;
        Values = new float[distinct * T * D];
        Random random = new(7);
        for (int n = 0; n < distinct; n++)
        {
            for (int t = 0; t < T; t++)
            {
                for (int d = 0; d < D; d++)
                {
                    Values[(((n * T) + t) * D) + d] = (float)(Math.Sin(((n * 16) + t) / 9.0 + d) * (d + 1) + (random.NextDouble() * 0.1));
                }
            }
        }
    }

    public int Distinct { get; }

    /// <summary>(N, T, D) the distinct windows' values.</summary>
    public float[] Values { get; }

    public static string SensorOf(long index) => $"pump-{index % Sensors:D3}";

    /// <summary>The JSON of window <paramref name="index"/> (its values repeat every <see cref="Distinct"/> windows).</summary>
    public byte[] Message(long index)
    {
        int n = (int)(index % Distinct);
        return SimulatorJson.Window(_buffer, SensorOf(index), "pump", _start.AddSeconds(index), 1000, Features, Values.AsSpan(n * T * D, T * D));
    }

    /// <summary>The same JSON with <c>"windowId":"{id}"</c> first, so its score record can be matched.</summary>
    public byte[] Message(long index, string windowId)
    {
        byte[] body = Message(index);
        byte[] prefix = Encoding.UTF8.GetBytes($"{{\"windowId\":\"{windowId}\",");
        byte[] message = new byte[prefix.Length + body.Length - 1];
        prefix.CopyTo(message, 0);
        body.AsSpan(1).CopyTo(message.AsSpan(prefix.Length));
        return message;
    }

    /// <summary>Produces windows 0..count-1 to <paramref name="topic"/> and waits until all are acknowledged.</summary>
    public void Produce(string bootstrap, string topic, int count)
    {
        using IProducer<byte[], byte[]> producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrap,
            LingerMs = 20,
            CompressionType = CompressionType.Lz4,
            QueueBufferingMaxMessages = 1_000_000,
            QueueBufferingMaxKbytes = 1024 * 1024,
        }).Build();
        for (int i = 0; i < count; i++)
        {
            producer.Produce(topic, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(SensorOf(i)), Value = Message(i) });
        }

        producer.Flush(TimeSpan.FromMinutes(5));
    }
}
