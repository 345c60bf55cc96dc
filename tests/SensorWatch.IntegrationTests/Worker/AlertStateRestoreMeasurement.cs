using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using SensorWatch.Core.Alerting;
using SensorWatch.IntegrationTests.Infrastructure;
using SensorWatch.Kafka;
using SensorWatch.Roles;
using SensorWatch.Roles.Scorer.State;
using Xunit.Abstractions;

namespace SensorWatch.IntegrationTests.Worker;

/// <summary>
/// A measurement, not a test of speed: how long a replica takes to restore the alert state of its partitions. 20,000
/// sensors checkpointed over 4 input partitions (one record each, as after compaction, plus 10 % superseded records),
/// then the restore of 2 assigned partitions (what a replica does when half the partitions move to it), 5 times.
/// </summary>
public sealed class AlertStateRestoreMeasurement(ITestOutputHelper output)
{
    private const int Sensors = 20_000;
    private const int Partitions = 4;

    [OptInFact("SENSORWATCH_MEASURE", "A measurement (about 20 s), not a pass/fail test.")]
    public async Task Restore_TwentyThousandSensors_ReportsMedianTime()
    {
        await using KafkaTestEnvironment kafka = await KafkaTestEnvironment.StartAsync();
        string state = await kafka.CreateTopicAsync("alert-state", Partitions);
        WorkerSettings settings = WorkerConfiguration.Load(null, new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Kafka:Topics:AlertState"] = state,
        }, includeEnvironment: false).Settings;
        using (IProducer<byte[], byte[]> producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers, LingerMs = 20 }).Build())
        {
            for (int i = 0; i < Sensors * 11 / 10; i++)
            {
                int sensor = i % Sensors;
                AlertState alert = new() { LastWindowEndMs = 1_000 + i, OpenAlertId = sensor % 10 == 0 ? "0123456789abcdef0123456789abcdef" : null };
                AlertCheckpoint checkpoint = new($"sensor-{sensor}", "pump", "sensor.windows", sensor % Partitions, alert, 0);
                producer.Produce(new TopicPartition(state, sensor % Partitions),
                    new Message<byte[], byte[]> { Key = AlertCheckpointCodec.Key(checkpoint.SensorId), Value = AlertCheckpointCodec.Encode(checkpoint) });
            }

            producer.Flush(TimeSpan.FromSeconds(30));
        }

        using OutputPublisher publisher = OutputPublisher.Create(settings);
        using AlertStateTopic topic = AlertStateTopic.Open(settings, publisher, NullLogger.Instance)!;
        List<double> times = [];
        int restored = 0;
        for (int run = 0; run < 5; run++)
        {
            Stopwatch watch = Stopwatch.StartNew();
            restored = topic.Restore([new TopicPartition("sensor.windows", 0), new TopicPartition("sensor.windows", 1)]).Count;
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"restored {restored} sensors from {Sensors * 11 / 10 / 2} records of 2 of {Partitions} state partitions: median {times[2]:F0} ms (runs {string.Join(", ", times.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))} ms)"));
        Assert.Equal(Sensors / 2, restored);
    }
}
