using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SensorWatch.IntegrationTests.Infrastructure;
using SensorWatch.Telemetry;

namespace SensorWatch.IntegrationTests.Worker;

/// <summary>
/// Operator feedback on the feedback topic, applied by the real worker: maintenance mutes and resolves, false positives
/// raise the key's threshold and move the live precision, malformed feedback is dead-lettered. k = m = 2.
/// </summary>
public sealed class ScorerFeedbackTests
{
    [Theory, EmbeddedKafka, ContainerKafka]
    public async Task Scorer_MaintenanceStartThenEnd_ResolvesOpenAlertMutesThenAlertsAgain(KafkaBackend backend)
    {
        (WorkerTestKit kit, string feedback) = await StartAsync(backend);
        await using WorkerTestKit _ = kit;
        RunningWorker worker = await kit.StartWorkerAsync("w", s => Configure(s, feedback), store: new InMemoryModelStore(TestModels.Default()));
        await kit.ProduceAsync(Windows("s-m", 0, 4, anomalousFrom: 2));
        await worker.WaitUntilAsync(p => p.AlertsOpened == 1, TimeSpan.FromSeconds(30), "the alert open");

        await kit.Kafka.ProduceAsync(feedback, [new("s-m", """{"verdict":"maintenance-start","sensorId":"s-m","note":"pump swap"}""")]);
        await worker.WaitUntilAsync(p => p.AlertsResolved == 1, TimeSpan.FromSeconds(30), "the alert resolved by maintenance");
        await kit.ProduceAsync(Windows("s-m", 4, 10, anomalousFrom: 4));            // anomalous while muted
        await worker.WaitUntilAsync(p => p.Scored == 10, TimeSpan.FromSeconds(30), "the muted windows scored");
        Assert.Equal(1, worker.Progress.AlertsOpened);

        await kit.Kafka.ProduceAsync(feedback, [new("s-m", """{"verdict":"maintenance-end","sensorId":"s-m"}""")]);
        await worker.WaitUntilAsync(p => p.Feedback == 2, TimeSpan.FromSeconds(30), "maintenance-end applied");
        await kit.ProduceAsync(Windows("s-m", 10, 13, anomalousFrom: 10));
        await worker.WaitUntilAsync(p => p.AlertsOpened == 2, TimeSpan.FromSeconds(30), "alerting again after maintenance");

        List<OutputView> alerts = kit.ReadAll(kit.Alerts, TimeSpan.FromSeconds(1));
        Assert.Equal(["open", "resolved", "open"], alerts.Select(alert => alert.Field("state")));
        Assert.Equal("maintenance", alerts[1].Field("resolvedBy"));
        Assert.Equal(alerts[0].Field("alertId"), alerts[1].Field("alertId"));
        Assert.NotEqual(alerts[0].Field("alertId"), alerts[2].Field("alertId"));
        Assert.Null(worker.Exit.Reason);
    }

    [Theory, EmbeddedKafka, ContainerKafka]
    public async Task Scorer_ExactlyOnceMaintenanceStartWithNoFurtherWindows_ResolveIsCommitted(KafkaBackend backend)
    {
        (WorkerTestKit kit, string feedback) = await StartAsync(backend);
        await using WorkerTestKit _ = kit;
        RunningWorker worker = await kit.StartWorkerAsync("w", s =>
        {
            Configure(s, feedback);
            s["Kafka:Guarantee"] = "ExactlyOnce";
        }, store: new InMemoryModelStore(TestModels.Default()));
        await kit.ProduceAsync(Windows("s-e", 0, 4, anomalousFrom: 2));
        await worker.WaitUntilAsync(p => p.AlertsOpened == 1 && p.Finished == 4, TimeSpan.FromSeconds(30), "the alert open and committed");

        await kit.Kafka.ProduceAsync(feedback, [new("s-e", """{"verdict":"maintenance-start","sensorId":"s-e"}""")]);
        List<OutputView> alerts = kit.ReadUntil(kit.Alerts, records => records.Any(r => r.Field("state") == "resolved"), TimeSpan.FromSeconds(20));

        Assert.Equal(["open", "resolved"], alerts.Select(alert => alert.Field("state")));
        Assert.Equal("maintenance", alerts[1].Field("resolvedBy"));
        Assert.Null(worker.Exit.Reason);
    }

    [Theory, EmbeddedKafka, ContainerKafka]
    public async Task Scorer_FalsePositive_ThresholdOfThatKeyRisesAndPrecisionMoves(KafkaBackend backend)
    {
        (WorkerTestKit kit, string feedback) = await StartAsync(backend);
        await using WorkerTestKit _ = kit;
        // A model whose threshold sits below every shifted window's score, so the raise (≤ 2×) can clear them.
        StatisticalTestModel fitted = TestModels.Default();
        double[] anomalous = [.. Enumerable.Range(2, 4).Select(i => fitted.ScoreOne(Values(WindowJson.Window("s-f2", i, anomalous: true)), new float[WindowJson.Features]))];
        double[] marked = anomalous[1..];   // windows 3..5: the alert's windows (it opens on the 2nd anomalous one)
        double threshold = 0.8 * anomalous.Min();
        Assert.True(marked.Max() * 1.05 < 2 * threshold, "the marked windows' scores must lie within the raise bound for this test to mean anything");
        StatisticalTestModel model = new("default", WindowJson.Length, fitted.Mean, fitted.Std, threshold, "fp-1");
        RunningWorker worker = await kit.StartWorkerAsync("w", s => Configure(s, feedback), store: new InMemoryModelStore(model));

        await kit.ProduceAsync([.. Windows("s-f1", 0, 8, anomalousFrom: 2, normalFrom: 6), .. Windows("s-f2", 0, 8, anomalousFrom: 2, normalFrom: 6)]);
        await worker.WaitUntilAsync(p => p.AlertsResolved == 2, TimeSpan.FromSeconds(30), "both alerts opened and resolved");
        List<OutputView> alerts = kit.ReadAll(kit.Alerts, TimeSpan.FromSeconds(1));
        string confirmedId = alerts.First(alert => alert.Key == "s-f1").Field("alertId")!;
        string windowStart = JsonDocument.Parse(WindowJson.Window("s-f2", 3)).RootElement.GetProperty("start").GetString()!;
        await kit.Kafka.ProduceAsync(feedback,
        [
            new("s-f1", $$"""{"verdict":"confirmed","alertId":"{{confirmedId}}"}"""),
            new("s-f2", $$"""{"verdict":"false-positive","sensorId":"s-f2","windowStart":"{{windowStart}}"}"""),
        ]);
        await worker.WaitUntilAsync(p => p.Feedback == 2, TimeSpan.FromSeconds(30), "both verdicts applied");

        // The same anomalous windows (same name length = same values) on another sensor: below the raised threshold now.
        await kit.ProduceAsync(Windows("s-f3", 3, 6, anomalousFrom: 3));
        await worker.WaitUntilAsync(p => p.Scored == 19, TimeSpan.FromSeconds(30), "the look-alike windows scored");
        List<OutputView> scores = kit.ReadAll(kit.Scores, TimeSpan.FromSeconds(1));

        List<OutputView> before = [.. scores.Where(score => score.Key == "s-f2" && score.Field("anomalous") == "true")];
        Assert.Equal(4, before.Count);
        Assert.All(before, score => Assert.Equal(threshold, double.Parse(score.Field("threshold")!, System.Globalization.CultureInfo.InvariantCulture), 6));
        List<OutputView> after = [.. scores.Where(score => score.Key == "s-f3")];
        Assert.Equal(3, after.Count);
        Assert.All(after, score =>
        {
            Assert.Equal("false", score.Field("anomalous"));
            Assert.True(double.Parse(score.Field("threshold")!, System.Globalization.CultureInfo.InvariantCulture) > marked.Max());
        });
        Assert.DoesNotContain(kit.ReadAll(kit.Alerts, TimeSpan.FromMilliseconds(500)), alert => alert.Key == "s-f3");
        Assert.Equal(0.5, worker.Services.GetRequiredService<SensorWatchTelemetry>().Precision("default", "fp-1"), 6);
        Assert.Null(worker.Exit.Reason);
    }

    [Theory, EmbeddedKafka, ContainerKafka]
    public async Task Scorer_MalformedFeedback_DeadLetteredWithReasonAndScoringGoesOn(KafkaBackend backend)
    {
        (WorkerTestKit kit, string feedback) = await StartAsync(backend);
        await using WorkerTestKit _ = kit;
        RunningWorker worker = await kit.StartWorkerAsync("w", s => Configure(s, feedback), store: new InMemoryModelStore(TestModels.Default()));
        await kit.ProduceAsync(Windows("s-x", 0, 2, anomalousFrom: 99));
        await worker.WaitUntilAsync(p => p.Scored == 2, TimeSpan.FromSeconds(30), "scoring");

        await kit.Kafka.ProduceAsync(feedback,
        [
            new("s-x", """{"verdict":"looks-fine","sensorId":"s-x"}"""),
            new("s-x", "not json"),
            new("s-x", """{"verdict":"maintenance-start"}"""),
        ]);
        await kit.ProduceAsync(Windows("s-x", 2, 4, anomalousFrom: 99));
        await worker.WaitUntilAsync(p => p.Scored == 4 && p.Feedback == 3, TimeSpan.FromSeconds(30), "feedback handled and scoring went on");
        List<OutputView> dead = kit.ReadUntil(kit.DeadLetters, records => records.Count >= 3, TimeSpan.FromSeconds(20));

        Assert.Equal(["bad-verdict", "malformed-json", "missing-field"], dead.Select(record => record.Headers["sw.dlq.reason"]));
        Assert.All(dead, record => Assert.Equal(feedback, record.Headers["sw.dlq.topic"]));
        Assert.Equal("not json", dead[1].Value);
        Assert.Null(worker.Exit.Reason);
    }

    private static async Task<(WorkerTestKit Kit, string Feedback)> StartAsync(KafkaBackend backend)
    {
        WorkerTestKit kit = await WorkerTestKit.StartAsync(backend, partitions: 1);
        return (kit, await kit.Kafka.CreateTopicAsync("feedback", 1));
    }

    private static void Configure(Dictionary<string, string?> settings, string feedback)
    {
        settings["Kafka:Topics:Feedback"] = feedback;
        settings["Kafka:Topics:AlertState"] = "";
    }

    private static List<(string, string)> Windows(string sensor, int from, int to, int anomalousFrom, int normalFrom = int.MaxValue) =>
        [.. Enumerable.Range(from, to - from).Select(i => (sensor, WindowJson.Window(sensor, i, i >= anomalousFrom && i < normalFrom)))];

    /// <summary>The (T, D) values of a window message, row-major.</summary>
    private static float[] Values(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("values").EnumerateArray().SelectMany(row => row.EnumerateArray().Select(value => value.GetSingle()))];
    }
}
