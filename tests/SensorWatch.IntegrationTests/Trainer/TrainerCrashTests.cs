using System.Diagnostics;
using Confluent.Kafka;
using SensorWatch.Core.Retraining;
using SensorWatch.IntegrationTests.Infrastructure;
using SensorWatch.Roles.Scorer;
using SensorWatch.Roles.Trainer;

namespace SensorWatch.IntegrationTests.Trainer;

/// <summary>
/// A real <c>sensorwatch run --role trainer</c> child process SIGKILLed mid-training (issue 5: "kill the trainer
/// mid-training → no partial model is ever served"): nothing new on the models topic, the model store byte-for-byte
/// unchanged (versions, <c>current</c> pointer, no stray temp file), and a restarted trainer starts training again.
/// </summary>
public sealed class TrainerCrashTests
{
    private const int Sensors = 8;
    private static readonly TimeSpan s_training = TimeSpan.FromSeconds(60);

    [Theory(Timeout = 180_000), EmbeddedKafka, ContainerKafka]
    public async Task Trainer_KilledMidTraining_NoPartialModelOnTopicOrStoreAndRestartTrainsAgain(KafkaBackend backend)
    {
        await using KafkaTestEnvironment kafka = await KafkaTestEnvironment.StartAsync(backend);
        string models = await kafka.CreateTopicAsync("models", 1);
        string samples = await kafka.CreateTopicAsync("samples", 1);
        byte[] served = TrainerModels.Wide("wide-1");   // H = 128: a retrain on 1,500 windows takes seconds per epoch
        using (ModelTopicPublisher publisher = new(kafka.BootstrapServers, models))
        {
            await publisher.PublishAsync("default", served);
        }

        string store = Directory.CreateTempSubdirectory("sw-trainer-crash-").FullName;
        try
        {
            Assert.Equal(1, new ModelStore(store).Add("default", served));
            Dictionary<string, byte[]> before = Files(store);
            ProduceSamples(kafka.BootstrapServers, samples);
            Dictionary<string, string> environment = new(StringComparer.Ordinal)
            {
                ["SENSORWATCH__KAFKA__TOPICS__MODELS"] = models,
                ["SENSORWATCH__KAFKA__TOPICS__SAMPLES"] = samples,
                ["SENSORWATCH__KAFKA__TOPICS__FEEDBACK"] = "",
                ["SENSORWATCH__KAFKA__TRAINERGROUPID"] = TopicNames.Unique("trainer"),
                ["SENSORWATCH__WORKER__MODELSTORE"] = store,
                ["SENSORWATCH__TELEMETRY__BINDADDRESS"] = "127.0.0.1",
                ["SENSORWATCH__TELEMETRY__PORT"] = "0",
                ["SENSORWATCH__RETRAINING__INTERVAL"] = "00:00:00",
                ["SENSORWATCH__RETRAINING__MINNEWWINDOWS"] = "120",
                ["SENSORWATCH__RETRAINING__MINTRAININGWINDOWS"] = "1500",
                ["SENSORWATCH__RETRAINING__EPOCHS"] = "1000",
                ["SENSORWATCH__RETRAINING__BATCHSIZE"] = "16",
                ["SENSORWATCH__RETRAINING__LEARNINGRATE"] = "0.00001",
                ["SENSORWATCH__RETRAINING__SAMPLE__ALERTMARGINMS"] = "32000",
                ["SENSORWATCH__RETRAINING__SAMPLE__RECENTSIZE"] = "64",
                ["SENSORWATCH__RETRAINING__GATE__MINHOLDOUTWINDOWS"] = "20",
                ["SENSORWATCH__RETRAINING__GATE__TARGETFALSEALARMRATE"] = "0.2",
            };

            using (SensorWatchProcess trainer = SensorWatchProcess.Start(environment, "run", "--role", "trainer", "--bootstrap", kafka.BootstrapServers, "--instance-id", "t1"))
            {
                string started = await trainer.WaitForLineAsync(IsTrainingStarted, s_training);
                Assert.Contains("served wide-1", started, StringComparison.Ordinal);
                trainer.Kill();   // SIGKILL: no shutdown path, no cancellation, no flush
                Assert.NotEqual(0, await trainer.WaitForExitAsync(TimeSpan.FromSeconds(10)));
                Assert.DoesNotContain("published to the models topic", trainer.Output, StringComparison.Ordinal);
            }

            Assert.Equal(["wide-1"], TopicVersions(kafka.BootstrapServers, models));
            AssertUnchanged(before, Files(store));
            Assert.Equal(new ModelPointer(1, false, null), new ModelStore(store).Pointer("default"));

            // A restarted trainer rebuilds the sample from the topic's tail and trains again; a graceful stop then abandons it.
            using (SensorWatchProcess restarted = SensorWatchProcess.Start(environment, "run", "--role", "trainer", "--bootstrap", kafka.BootstrapServers, "--instance-id", "t1"))
            {
                string started = await restarted.WaitForLineAsync(IsTrainingStarted, s_training);
                Assert.Contains("served wide-1", started, StringComparison.Ordinal);
                restarted.Terminate();
                Assert.Equal(0, await restarted.WaitForExitAsync(TimeSpan.FromSeconds(30)));
                Assert.Contains("(Abandoned)", restarted.Output, StringComparison.Ordinal);
                Assert.DoesNotContain("published to the models topic", restarted.Output, StringComparison.Ordinal);
            }

            Assert.Equal(["wide-1"], TopicVersions(kafka.BootstrapServers, models));
            AssertUnchanged(before, Files(store));
        }
        finally
        {
            Directory.Delete(store, recursive: true);
        }
    }

    private static bool IsTrainingStarted(string line) => line.Contains("Retrain 'default' training started", StringComparison.Ordinal);

    /// <summary>1,600 normal windows of key <c>default</c> scored by <c>wide-1</c>, as a scorer would forward them.</summary>
    private static void ProduceSamples(string bootstrap, string samples)
    {
        using IProducer<string, byte[]> producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrap }).Build();
        for (int i = 0; i < 200; i++)
        {
            for (int s = 0; s < Sensors; s++)
            {
                producer.Produce(samples, new Message<string, byte[]> { Key = "default", Value = SampleRecords.Window($"s-{s}", i, "wide-1") });
            }
        }

        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(10)));
    }

    /// <summary>Every file under <paramref name="root"/> (hidden temp files included) by relative path, with its bytes.</summary>
    private static Dictionary<string, byte[]> Files(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToDictionary(path => Path.GetRelativePath(root, path), File.ReadAllBytes, StringComparer.Ordinal);

    private static void AssertUnchanged(Dictionary<string, byte[]> before, Dictionary<string, byte[]> after)
    {
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        foreach ((string path, byte[] bytes) in before)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(after[path]), $"{path} changed");
        }
    }

    /// <summary>Every version on the models topic for key <c>default</c>, in order.</summary>
    private static List<string> TopicVersions(string bootstrap, string topic)
    {
        List<string> versions = [];
        using ModelTopicReader reader = new(bootstrap, topic);
        reader.Start(TimeSpan.FromSeconds(10));
        Stopwatch clock = Stopwatch.StartNew();
        while (!reader.CaughtUp && clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            reader.Poll(TimeSpan.FromMilliseconds(200), (key, detector, _) => versions.Add(new DetectorScoringModel(key, detector).Version), (_, reason) => versions.Add("refused: " + reason));
        }

        return versions;
    }
}
