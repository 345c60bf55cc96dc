using System.Globalization;
using System.Text.Json;
using SensorWatch.IntegrationTests.Infrastructure;

namespace SensorWatch.IntegrationTests.Worker.Feedback;

/// <summary>
/// A false-positive threshold raise survives a restart: it rides on the marked sensor's alert checkpoint
/// (<c>sensor.alert-state</c>), and the replica that restores the sensor restores the raise for the same model version.
/// </summary>
public sealed class ThresholdRaiseRestartTests
{
    [Theory, EmbeddedKafka, ContainerKafka]
    public async Task Scorer_FalsePositiveThenRestart_RaisedThresholdStillInForce(KafkaBackend backend)
    {
        await using WorkerTestKit kit = await WorkerTestKit.StartAsync(backend, partitions: 1);
        string feedback = await kit.Kafka.CreateTopicAsync("feedback", 1);
        string state = await kit.Kafka.CreateTopicAsync("alert-state", 1);
        // A model whose threshold sits below every shifted window's score, so the raise (≤ 2×) can clear them.
        StatisticalTestModel fitted = TestModels.Default();
        double[] anomalous = [.. Enumerable.Range(2, 4).Select(i => fitted.ScoreOne(Values(WindowJson.Window("s-r1", i, anomalous: true)), new float[WindowJson.Features]))];
        double threshold = 0.8 * anomalous.Min();
        Assert.True(anomalous[1..].Max() * 1.05 < 2 * threshold, "the marked windows' scores must lie within the raise bound for this test to mean anything");
        StatisticalTestModel model = new("default", WindowJson.Length, fitted.Mean, fitted.Std, threshold, "fp-r");
        void Configure(Dictionary<string, string?> settings)
        {
            settings["Kafka:Topics:Feedback"] = feedback;
            settings["Kafka:Topics:AlertState"] = state;
        }

        RunningWorker first = await kit.StartWorkerAsync("w", Configure, store: new InMemoryModelStore(model));
        await kit.ProduceAsync(Windows("s-r1", 0, 8, anomalousFrom: 2, normalFrom: 6));
        await first.WaitUntilAsync(p => p.AlertsResolved == 1, TimeSpan.FromSeconds(30), "the alert opened and resolved");
        string windowStart = JsonDocument.Parse(WindowJson.Window("s-r1", 3)).RootElement.GetProperty("start").GetString()!;
        await kit.Kafka.ProduceAsync(feedback, [new("s-r1", $$"""{"verdict":"false-positive","sensorId":"s-r1","windowStart":"{{windowStart}}"}""")]);
        await first.WaitUntilAsync(p => p.Feedback == 1, TimeSpan.FromSeconds(30), "the verdict applied");
        await first.StopAsync();

        // The same anomalous windows (same name length = same values) on another sensor, scored by a restarted worker.
        RunningWorker second = await kit.StartWorkerAsync("w", Configure, store: new InMemoryModelStore(model));
        await kit.ProduceAsync(Windows("s-r2", 3, 6, anomalousFrom: 3));
        await second.WaitUntilAsync(p => p.Scored == 3, TimeSpan.FromSeconds(30), "the look-alike windows scored after the restart");
        List<OutputView> after = [.. kit.ReadAll(kit.Scores, TimeSpan.FromSeconds(1)).Where(score => score.Key == "s-r2")];

        Assert.Equal(3, after.Count);
        Assert.All(after, score =>
        {
            Assert.Equal("false", score.Field("anomalous"));
            double inForce = double.Parse(score.Field("threshold")!, CultureInfo.InvariantCulture);
            Assert.True(inForce > anomalous[1..].Max() && inForce <= 2 * threshold, $"threshold after restart {inForce} (calibrated {threshold})");
        });
        Assert.DoesNotContain(kit.ReadAll(kit.Alerts, TimeSpan.FromMilliseconds(500)), alert => alert.Key == "s-r2");
        Assert.Null(first.Exit.Reason);
        Assert.Null(second.Exit.Reason);
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
