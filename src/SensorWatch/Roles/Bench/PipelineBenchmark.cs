using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SensorWatch.Configuration;
using SensorWatch.Core.Scoring;
using SensorWatch.Embedded;
using SensorWatch.Kafka.Messages;
using SensorWatch.Roles.Scorer;
using SensorWatch.Simulator;

namespace SensorWatch.Roles.Bench;

/// <summary>
/// End-to-end throughput of the worker on the embedded cluster (a measurement, not a test): ref-small JSON windows
/// (T=64, D=8, H=64, Z=64) are produced up front, then one worker consumes, scores and publishes them all; windows/s is
/// counted from the first consumed to the last acknowledged. The worker's CPU per window is split into JSON decoding
/// and scoring (each re-measured alone on the same windows, after a warm-up) and the rest (Kafka clients, bookkeeping).
/// The mock keeps about 5 MiB per partition, so runs stay at a few thousand windows (~3.6 KB each, 4 partitions).
/// </summary>
internal sealed class PipelineBenchmark(int windows, TextWriter output)
{
    private const int T = 64;
    private const int D = 8;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await output.WriteLineAsync($"Pipeline benchmark: {windows} ref-small windows (T={T}, D={D}, H=64, Z=64) on the embedded cluster, {Environment.ProcessorCount} cores").ConfigureAwait(false);
        using EmbeddedKafkaCluster cluster = new(new EmbeddedKafkaClusterOptions { Brokers = 1 });
        foreach (string topic in new[] { "sensor.windows", "sensor.alerts", "sensor.scores", "sensor.windows.dlq" })
        {
            cluster.CreateTopic(topic, topic == "sensor.windows" ? 4 : 2, 1);
        }

        (float[] values, byte[][] messages) = MakeWindows(512);
        DetectorScoringModel model = new("pump", AnomalyDetector.Train(values, 256, Features, new DetectorOptions
        {
            WindowLength = T,
            Hidden = 64,
            Latent = 64,
            Training = new Core.Training.TrainingOptions { Epochs = 1, Threads = 1 },
        }));
        await ProduceAsync(cluster.BootstrapServers, messages).ConfigureAwait(false);

        WorkerConfiguration configuration = WorkerConfiguration.Load(null, new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = cluster.BootstrapServers,
            ["Kafka:GroupId"] = "bench",
            ["Kafka:Topics:Readings"] = "", // windows only: the readings form is not measured here
            ["Scorer:BatchSize"] = "128",
            ["Scorer:Limits:MaxAge"] = "00:00:00",
            ["Worker:ColdStart"] = "false",
            ["Worker:SessionTimeoutMs"] = "6000",
            ["Worker:MaxInFlightWindows"] = "50000",
            ["Telemetry:Enabled"] = "false",
        }, includeEnvironment: false);
        using IHost host = WorkerHost.Build(configuration, services => services.AddSingleton<IModelStore>(new FixedStore(model)), logging => { });
        ScorerProgress progress = host.Services.GetRequiredService<ScorerProgress>();
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        Stopwatch clock = Stopwatch.StartNew();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        TimeSpan? first = null;
        while (progress.Finished < windows && clock.Elapsed < TimeSpan.FromMinutes(5))
        {
            if (first is null && progress.Consumed > 0)
            {
                first = clock.Elapsed;
            }

            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }

        TimeSpan elapsed = clock.Elapsed - (first ?? TimeSpan.Zero);
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        long done = progress.Finished;
        await host.StopAsync(CancellationToken.None).ConfigureAwait(false);

        double jsonMicros = MeasureDecode(messages);
        double scoreMicros = MeasureScoring(model, values);
        double cpuMicros = cpu.TotalMicroseconds / Math.Max(1, done);
        CultureInfo inv = CultureInfo.InvariantCulture;
        await output.WriteLineAsync(string.Create(inv, $"  end to end: {done} windows in {elapsed.TotalSeconds:F2} s = {done / elapsed.TotalSeconds:F0} windows/s (scored {progress.Scored}, dlq {progress.DeadLetters})")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(inv, $"  process CPU per window: {cpuMicros:F1} µs (includes the embedded brokers and start-up)")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(inv, $"    JSON decode+validate: {jsonMicros:F1} µs/window (one thread, same messages)")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(inv, $"    scoring (batch 128):  {scoreMicros:F1} µs/window (one thread)")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(inv, $"    Kafka + rest:         {Math.Max(0, cpuMicros - jsonMicros - scoreMicros):F1} µs/window (remainder)")).ConfigureAwait(false);
        return done >= windows ? 0 : 1;
    }

    private static readonly string[] Features = ["temperature", "pressure", "flow", "vibration", "power", "current", "speed", "ambient"];

    private (float[] Values, byte[][] Messages) MakeWindows(int distinct)
    {
        float[] values = new float[distinct * T * D];   // (N, T, D)
        Random random = new(7);
        for (int n = 0; n < distinct; n++)
        {
            for (int t = 0; t < T; t++)
            {
                for (int d = 0; d < D; d++)
                {
                    values[(((n * T) + t) * D) + d] = (float)(Math.Sin(((n * 16) + t) / 9.0 + d) * (d + 1) + (random.NextDouble() * 0.1));
                }
            }
        }

        ArrayBufferWriter<byte> buffer = new();
        DateTimeOffset start = DateTimeOffset.UtcNow.AddHours(-3);
        byte[][] messages = new byte[windows][];
        for (int i = 0; i < windows; i++)
        {
            int n = i % distinct;
            messages[i] = SimulatorJson.Window(buffer, $"pump-{i % 200:D3}", "pump", start.AddSeconds(i), 1000, Features, values.AsSpan(n * T * D, T * D));
        }

        return (values, messages);
    }

    private static async Task ProduceAsync(string bootstrap, byte[][] messages)
    {
        using IProducer<byte[], byte[]> producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrap,
            LingerMs = 20,
            CompressionType = CompressionType.Lz4,
            QueueBufferingMaxMessages = 1_000_000,
        }).Build();
        for (int i = 0; i < messages.Length; i++)
        {
            producer.Produce("sensor.windows", new Message<byte[], byte[]> { Key = System.Text.Encoding.UTF8.GetBytes($"pump-{i % 200:D3}"), Value = messages[i] });
        }

        await Task.Run(() => producer.Flush(TimeSpan.FromMinutes(2))).ConfigureAwait(false);
    }

    private static double MeasureDecode(byte[][] messages)
    {
        MessageLimitsOptions limits = new() { MaxAge = TimeSpan.Zero };
        WindowDecoder decoder = new(limits, new ModelRouter("pump", [], _ => new ModelShape(T, D)));
        using DecodedWindow window = new();
        int count = Math.Min(messages.Length, 20000);
        for (int i = 0; i < count; i++)
        {
            decoder.Decode([], messages[i], 0, window);   // warm-up (tiered JIT)
        }

        Stopwatch watch = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            decoder.Decode([], messages[i], 0, window);
        }

        return watch.Elapsed.TotalMicroseconds / count;
    }

    private static double MeasureScoring(DetectorScoringModel model, float[] values)
    {
        IBatchScorer scorer = model.CreateScorer(128);
        WindowResult[] results = new WindowResult[128];
        float[] contributions = new float[128 * D];
        int rounds = 20;
        for (int r = 0; r < 5; r++)
        {
            scorer.Score(values.AsSpan(0, 128 * T * D), 128, results, contributions, []);   // warm-up
        }

        Stopwatch watch = Stopwatch.StartNew();
        for (int r = 0; r < rounds; r++)
        {
            scorer.Score(values.AsSpan((r % 4) * 128 * T * D, 128 * T * D), 128, results, contributions, []);
        }

        return watch.Elapsed.TotalMicroseconds / (rounds * 128);
    }

    private sealed class FixedStore(IScoringModel model) : IModelStore
    {
        public IReadOnlyList<IScoringModel> LoadAll(ICollection<string> problems) => [model];

        public void Save(IScoringModel saved)
        {
        }
    }
}
