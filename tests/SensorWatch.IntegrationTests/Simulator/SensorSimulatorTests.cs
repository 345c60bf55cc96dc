using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using SensorWatch.Core.Synthetic;
using SensorWatch.Embedded;
using SensorWatch.IntegrationTests.Infrastructure;
using SensorWatch.Simulator;

namespace SensorWatch.IntegrationTests.Simulator;

/// <summary>The simulator against the embedded cluster: what lands on the topics, and the ground truth.</summary>
public sealed partial class SensorSimulatorTests
{
    private const int TestTimeoutMs = 60_000;

    [GeneratedRegex("^00-[0-9a-f]{32}-[0-9a-f]{16}-01$")]
    private static partial Regex TraceParent();

    [Fact(Timeout = TestTimeoutMs)]
    public async Task RunAsync_Windows_EveryMessageIsAContractWindowCarryingTheGeneratorsRows()
    {
        await using KafkaTestEnvironment kafka = await KafkaTestEnvironment.StartAsync(brokers: 1);
        string topic = await kafka.CreateTopicAsync("windows", partitions: 2);
        string truthTopic = await kafka.CreateTopicAsync("truth", partitions: 1);
        string truthFile = Path.Combine(Path.GetTempPath(), $"truth-{Guid.NewGuid():N}.jsonl");
        SimulatorOptions options = new()
        {
            BootstrapServers = kafka.BootstrapServers, Topic = topic, TruthTopic = truthTopic, TruthFile = truthFile,
            Sensors = 3, Features = 4, WindowLength = 16, Stride = 8, MessagesPerSecond = 150,
            AnomalyEvery = TimeSpan.FromMilliseconds(100), Duration = TimeSpan.FromSeconds(1.5), Seed = 7,
        };
        SensorSimulator simulator = new(options);
        List<GroundTruthRecord> raised = [];
        simulator.AnomalyInjected += raised.Add;

        SimulatorStatistics statistics = await simulator.RunAsync(CancellationToken.None);

        Assert.True(statistics.Produced >= 30, $"produced only {statistics.Produced}");
        Assert.Equal(statistics.Produced, statistics.Delivered);
        IReadOnlyList<ConsumeResult<string, string>> messages = kafka.Consume(topic, (int)statistics.Produced);
        Assert.All(messages, message => Assert.Matches(TraceParent(), Encoding.ASCII.GetString(message.Message.Headers.GetLastBytes("traceparent"))));
        Dictionary<string, List<float[]>> rowsBySensor = [];
        foreach (IGrouping<string, ConsumeResult<string, string>> sensor in messages.GroupBy(message => message.Message.Key))
        {
            DateTimeOffset? previousStart = null;
            foreach (ConsumeResult<string, string> message in sensor.OrderBy(message => message.Offset.Value))
            {
                using JsonDocument window = JsonDocument.Parse(message.Message.Value);
                JsonElement root = window.RootElement;
                Assert.Equal(sensor.Key, root.GetProperty("sensorId").GetString());
                Assert.Equal("pump", root.GetProperty("model").GetString());
                Assert.Equal(1000, root.GetProperty("intervalMs").GetInt64());
                Assert.Equal(["temperature", "pressure", "flow", "vibration"], root.GetProperty("features").EnumerateArray().Select(f => f.GetString()));
                float[][] values = [.. root.GetProperty("values").EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetSingle()).ToArray())];
                Assert.Equal(16, values.Length);
                Assert.All(values, row => Assert.Equal(4, row.Length));
                DateTimeOffset start = root.GetProperty("start").GetDateTimeOffset();
                if (previousStart is null)
                {
                    Assert.Equal(simulator.StartTime, start);
                    rowsBySensor[sensor.Key] = [.. values];
                }
                else
                {
                    Assert.Equal(previousStart.Value.AddSeconds(8), start);          // stride 8 rows × 1 s
                    rowsBySensor[sensor.Key].AddRange(values[8..]);
                }

                previousStart = start;
            }
        }

        // The windows carry exactly the generator's rows (4-decimal rounding), seeded as the simulator seeds them.
        Random seeds = new(options.Seed);
        SyntheticSensorOptions generatorOptions = SensorSimulator.GeneratorOptions(options, options.EffectiveTimeScale, simulator.StartTime);
        foreach (string sensorId in new[] { "pump-001", "pump-002", "pump-003" })
        {
            SyntheticSeries expected = new SyntheticSensorGenerator(generatorOptions, new Random(seeds.Next())).Generate(rowsBySensor[sensorId].Count);
            float[] actual = [.. rowsBySensor[sensorId].SelectMany(row => row)];
            Assert.Equal(expected.Values.Length, actual.Length);
            for (int i = 0; i < actual.Length; i++)
            {
                Assert.Equal(expected.Values[i], actual[i], 0.0001f);
            }
        }

        // Ground truth: raised events = GroundTruth = file lines = truth-topic messages.
        Assert.NotEmpty(raised);
        Assert.Equal(raised, simulator.GroundTruth);
        Assert.Equal(statistics.Anomalies, raised.Count);
        string[] lines = await File.ReadAllLinesAsync(truthFile);
        File.Delete(truthFile);
        Assert.Equal(raised.Count, lines.Length);
        IReadOnlyList<ConsumeResult<string, string>> truthMessages = kafka.Consume(truthTopic, raised.Count);
        for (int i = 0; i < raised.Count; i++)
        {
            using JsonDocument line = JsonDocument.Parse(lines[i]);
            Assert.Equal(raised[i].SensorId, line.RootElement.GetProperty("sensorId").GetString());
            Assert.Equal(SimulatorJson.KindName(raised[i].Kind), line.RootElement.GetProperty("kind").GetString());
            Assert.Equal(raised[i].Start, line.RootElement.GetProperty("start").GetDateTimeOffset());
            Assert.Equal(raised[i].End, line.RootElement.GetProperty("end").GetDateTimeOffset());
            Assert.Equal(raised[i].Start.AddSeconds(raised[i].EndRow - raised[i].StartRow), raised[i].End);
            Assert.Equal(lines[i], truthMessages[i].Message.Value);
            Assert.Equal(raised[i].SensorId, truthMessages[i].Message.Key);
        }

        kafka.AssertNoLeaks();
    }

    [Fact(Timeout = TestTimeoutMs)]
    public async Task RunAsync_Readings_OneReadingPerMessageInTimeOrderPerSensor()
    {
        await using KafkaTestEnvironment kafka = await KafkaTestEnvironment.StartAsync(brokers: 1);
        string topic = await kafka.CreateTopicAsync("readings", partitions: 1);
        SimulatorOptions options = new()
        {
            BootstrapServers = kafka.BootstrapServers, Topic = topic, Readings = true, Sensors = 2, Features = 3,
            MessagesPerSecond = 100, AnomalyEvery = TimeSpan.Zero, Duration = TimeSpan.FromSeconds(0.6),
        };

        SimulatorStatistics statistics = await new SensorSimulator(options).RunAsync(CancellationToken.None);

        IReadOnlyList<ConsumeResult<string, string>> messages = kafka.Consume(topic, (int)statistics.Produced);
        Assert.Equal(0, statistics.Anomalies);
        foreach (IGrouping<string, ConsumeResult<string, string>> sensor in messages.GroupBy(message => message.Message.Key))
        {
            DateTimeOffset[] times = [.. sensor.Select(message =>
            {
                using JsonDocument reading = JsonDocument.Parse(message.Message.Value);
                Assert.Equal(3, reading.RootElement.GetProperty("values").GetArrayLength());
                return reading.RootElement.GetProperty("ts").GetDateTimeOffset();
            })];
            Assert.All(times.Zip(times.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(1), pair.Second - pair.First));
        }

        kafka.AssertNoLeaks();
    }

    [Fact(Timeout = TestTimeoutMs)]
    public async Task RunAsync_Cancelled_StopsPromptlyAndReportsWhatWasSent()
    {
        await using KafkaTestEnvironment kafka = await KafkaTestEnvironment.StartAsync(brokers: 1);
        string topic = await kafka.CreateTopicAsync("cancel", partitions: 1);
        SensorSimulator simulator = new(new SimulatorOptions { BootstrapServers = kafka.BootstrapServers, Topic = topic, Sensors = 2, MessagesPerSecond = 50 });
        using CancellationTokenSource stop = new();
        Task<SimulatorStatistics> run = simulator.RunAsync(stop.Token);
        await WaitUntilProducedAsync(simulator, 5);

        System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();
        await stop.CancelAsync();
        SimulatorStatistics statistics = await run;

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed} to stop");
        Assert.True(statistics.Produced >= 5);
        Assert.Equal(statistics.Produced, statistics.Delivered);
        await Assert.ThrowsAsync<InvalidOperationException>(() => simulator.RunAsync(CancellationToken.None));
    }

    [Fact(Timeout = TestTimeoutMs)]
    public async Task RunAsync_ClockWouldRunAhead_SlowsToRealTime()
    {
        await using KafkaTestEnvironment kafka = await KafkaTestEnvironment.StartAsync(brokers: 1);
        string topic = await kafka.CreateTopicAsync("ahead", partitions: 1);
        SimulatorOptions options = new()
        {
            BootstrapServers = kafka.BootstrapServers, Topic = topic, Sensors = 1, MessagesPerSecond = 1000,
            Start = DateTimeOffset.UtcNow, Duration = TimeSpan.FromSeconds(1),
        };

        SimulatorStatistics statistics = await new SensorSimulator(options).RunAsync(CancellationToken.None);

        // 4 min of lead at 64 s per window allows 3-4 windows, not the 1000 the rate asks for.
        Assert.InRange(statistics.Produced, 1, 5);
    }

    [Fact(Timeout = TestTimeoutMs)]
    public async Task RunAsync_NoBrokerListening_FailsFastWithAKafkaError()
    {
        string bootstrap;
        using (EmbeddedKafkaCluster cluster = new(1))
        {
            bootstrap = cluster.BootstrapServers;   // a loopback port nobody listens on once disposed
        }

        SensorSimulator simulator = new(new SimulatorOptions { BootstrapServers = bootstrap, Sensors = 1, Duration = TimeSpan.FromSeconds(1), ConnectTimeout = TimeSpan.FromSeconds(1) },
            log: TextWriter.Null);

        await Assert.ThrowsAsync<KafkaException>(() => simulator.RunAsync(CancellationToken.None));
        Assert.Equal(0, simulator.Statistics.Produced);
    }

    [Fact(Timeout = TestTimeoutMs)]
    public async Task RunAsync_BrokersGoDownMidRun_UndeliveredMessagesCountAsFailed()
    {
        await using KafkaTestEnvironment kafka = await KafkaTestEnvironment.StartAsync(brokers: 1);
        string topic = await kafka.CreateTopicAsync("down", partitions: 1);
        SensorSimulator simulator = new(new SimulatorOptions
        {
            BootstrapServers = kafka.BootstrapServers, Topic = topic, Sensors = 2, MessagesPerSecond = 40, Duration = TimeSpan.FromSeconds(3),
            FlushTimeout = TimeSpan.FromSeconds(1),
        }, log: TextWriter.Null);

        Task<SimulatorStatistics> run = simulator.RunAsync(CancellationToken.None);
        await WaitUntilProducedAsync(simulator, 1);
        kafka.Cluster.SetBrokerDown(-1);
        SimulatorStatistics statistics = await run;

        Assert.True(statistics.Failed > 0, $"produced {statistics.Produced}, delivered {statistics.Delivered}");
        Assert.Equal(statistics.Produced, statistics.Delivered + statistics.Failed);
        Assert.Contains("undelivered", statistics.LastError, StringComparison.Ordinal);
    }

    private static async Task WaitUntilProducedAsync(SensorSimulator simulator, long count)
    {
        for (int i = 0; i < 1000 && simulator.Statistics.Produced < count; i++)
        {
            await Task.Delay(20);
        }

        Assert.True(simulator.Statistics.Produced >= count, $"the simulator produced {simulator.Statistics.Produced} in 20 s");
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsListingErrors()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new SensorSimulator(new SimulatorOptions { Sensors = 0 }));

        Assert.Contains("--bootstrap", error.Message, StringComparison.Ordinal);
        Assert.Contains("--sensors", error.Message, StringComparison.Ordinal);
    }
}
