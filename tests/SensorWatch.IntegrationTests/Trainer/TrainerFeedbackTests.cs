using System.Diagnostics;
using Confluent.Kafka;
using SensorWatch.IntegrationTests.Infrastructure;
using SensorWatch.IntegrationTests.Worker;
using SensorWatch.Kafka.Messages;
using SensorWatch.Roles;
using SensorWatch.Roles.Trainer;

namespace SensorWatch.IntegrationTests.Trainer;

/// <summary>Operator feedback reaches the trainer: a false positive's windows join the sample; maintenance keeps a sensor out.</summary>
public sealed class TrainerFeedbackTests
{
    [Theory(Timeout = 90_000), EmbeddedKafka, ContainerKafka]
    public async Task Trainer_FalsePositiveByAlertIdAndMaintenance_WindowsAdmittedAndKeptOut(KafkaBackend backend)
    {
        await using WorkerTestKit kit = await WorkerTestKit.StartAsync(backend, partitions: 1);
        string models = await kit.Kafka.CreateTopicAsync("models", 1);
        string samples = await kit.Kafka.CreateTopicAsync("samples", 1);
        string feedback = await kit.Kafka.CreateTopicAsync("feedback", 1);
        Dictionary<string, string?> settings = TrainerWorker.Settings(kit, "t1", models, samples, TopicNames.Unique("trainer"));
        settings["Kafka:Topics:Feedback"] = feedback;
        settings["Retraining:MinNewWindows"] = "0";     // no retrain here: only the sample's composition matters
        settings["Retraining:Interval"] = "01:00:00";
        await using TrainerWorker trainer = await TrainerWorker.StartAsync(settings, WorkerRole.Trainer);
        using IProducer<string, byte[]> producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kit.Kafka.BootstrapServers }).Build();

        // f-0: windows 0-15, flagged 10-13, an alert opened by window 11 and resolved by window 15.
        for (int i = 0; i < 16; i++)
        {
            Produce(producer, samples, SampleRecords.Window("f-0", i, "base-1", flagged: i is >= 10 and <= 13));
            if (i is 11 or 15)
            {
                (long start, long end) = Span(i);
                Produce(producer, samples, SampleCodec.Encode(SampleMessage.ForAlert(i == 11 ? SampleKind.AlertOpened : SampleKind.AlertResolved, "f-0", "default",
                    "fp-1", start, end, 9, 3, "base-1")));
            }
        }

        producer.Flush(TimeSpan.FromSeconds(10));
        await WaitAsync(trainer, t => t.Trainer.Samples >= 18, "18 sample records read");
        Produce(producer, feedback, """{"alertId":"fp-1","verdict":"false-positive","note":"valve test"}"""u8.ToArray());
        Produce(producer, feedback, """{"sensorId":"m-0","verdict":"maintenance-start"}"""u8.ToArray());
        producer.Flush(TimeSpan.FromSeconds(10));
        TrainerKeyView key = await WaitAsync(trainer, t => t.Trainer.Keys.Any(k => k.FalsePositivesAdmitted > 0), "false positives admitted");

        // windows 10..15 lie in the alert's span (the flagged run that opened it up to the window that resolved it)
        Assert.Equal(6, key.FalsePositivesAdmitted);
        Stopwatch clock = Stopwatch.StartNew();
        for (int i = 0; !trainer.Trainer.Keys.Any(k => k.ExcludedForMaintenance > 0); i++)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"no window of m-0 kept out for maintenance: [{string.Join("; ", trainer.Trainer.Keys)}]");
            Produce(producer, samples, SampleRecords.Window("m-0", i, "base-1"));
            producer.Flush(TimeSpan.FromSeconds(5));
            await Task.Delay(200);
        }

        Assert.Null(trainer.Exit.Reason);
    }

    private static (long Start, long End) Span(int index)
    {
        long start = WindowJson.BaseMs + ((long)index * WindowJson.Length * 1000);
        return (start, start + ((WindowJson.Length - 1) * 1000L));
    }

    private static void Produce(IProducer<string, byte[]> producer, string topic, byte[] value) =>
        producer.Produce(topic, new Message<string, byte[]> { Key = "default", Value = value });

    private static async Task<TrainerKeyView> WaitAsync(TrainerWorker trainer, Func<TrainerWorker, bool> done, string what)
    {
        Stopwatch clock = Stopwatch.StartNew();
        while (!done(trainer))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"not reached: {what}; {trainer.Trainer.Samples} samples, keys [{string.Join("; ", trainer.Trainer.Keys)}]");
            await Task.Delay(100);
        }

        return trainer.Trainer.Keys.Single();
    }
}
