using SensorWatch.Core.Alerting;
using SensorWatch.Core.Scoring;
using SensorWatch.Core.Synthetic;
using SensorWatch.Core.Training;
using Xunit.Abstractions;

namespace SensorWatch.Core.Tests.Scoring;

/// <summary>
/// The demo's cold start offline (no Kafka): the probation windows of a simulated fleet train the detector the worker
/// builds (DetectorModelTrainer's options), later windows are scored per sensor and fed to the demo's alert policy
/// (open after 2 anomalous windows, resolve after 4), and an anomaly counts as detected when an alert opens on a window
/// overlapping it plus 64 rows of grace (the demo ledger's rule). Each run trains twice with the same seed: without
/// and with the residual predictor (DetectorOptions.ResidualLags), so the table shows what the predictor changes.
/// The default is a fast version (a smaller model, denser anomalies, a few seconds); SENSORWATCH_DEMO_DETECTION=full
/// runs the demo's exact configuration (H 48, Z 12, ≤ 60 epochs, 900 probation windows over 20 sensors, an anomaly
/// every ~2,880 rows per sensor) on 3 fleets; docs/detector.md lists its output.
/// </summary>
public sealed class DemoColdStartDetectionTests(ITestOutputHelper output)
{
    private const int Probation = 900;
    private const int Sensors = 20;

    [Fact]
    public void ColdStart_DemoFleet_ResidualPredictorCatchesFrequencyChangesWithoutLosingOtherKinds()
    {
        bool full = Environment.GetEnvironmentVariable("SENSORWATCH_DEMO_DETECTION") == "full";
        int[] seeds = full ? [42, 43, 44] : [42];
        Tally before = new(), after = new();
        foreach (int seed in seeds)
        {
            DemoFleet fleet = full ? new(Sensors, 345, Probation, seed) : new(Sensors, 165, Probation, seed, meanGapRows: 500);
            float[] probation = fleet.Probation(Probation);
            foreach ((Tally tally, int lags) in new[] { (before, 0), (after, 16) })
            {
                AnomalyDetector detector = AnomalyDetector.Train(probation, Probation, fleet.FeatureNames, Options(full, lags));
                tally.TrainSeconds.Add(detector.Metadata.DurationSeconds);
                Replay(detector, fleet, tally);
            }
        }

        output.WriteLine($"{(full ? "full" : "fast")}: {seeds.Length} fleet(s) of {Sensors} sensors, {Probation} probation windows");
        foreach ((string name, Tally tally) in new[] { ("per-step score only (ResidualLags 0)", before), ("with residual predictor (ResidualLags 16)", after) })
        {
            output.WriteLine($"  {name}: alerts opened {tally.Opened}, false alerts {tally.FalseAlerts}, train {tally.TrainSeconds.Average():F1}s");
            foreach ((AnomalyKind kind, (int events, int detected)) in tally.Kinds.OrderBy(k => k.Key))
            {
                output.WriteLine($"    {kind,-16} {detected}/{events}");
            }

            output.WriteLine($"    {"all kinds",-16} {tally.Kinds.Values.Sum(k => k.Detected)}/{tally.Kinds.Values.Sum(k => k.Events)}");
        }

        double Recall(Tally tally, AnomalyKind kind) => (double)tally.Kinds[kind].Detected / tally.Kinds[kind].Events;
        Assert.True(after.Kinds[AnomalyKind.FrequencyChange].Events >= 3, "the fleet must contain frequency changes");
        Assert.True(Recall(after, AnomalyKind.FrequencyChange) >= 0.75, $"frequency-change recall {Recall(after, AnomalyKind.FrequencyChange):F2} < 0.75");
        Assert.True(Recall(before, AnomalyKind.FrequencyChange) < Recall(after, AnomalyKind.FrequencyChange), "the residual predictor must add frequency changes");
        int otherBefore = before.Kinds.Where(k => k.Key != AnomalyKind.FrequencyChange).Sum(k => k.Value.Detected);
        int otherAfter = after.Kinds.Where(k => k.Key != AnomalyKind.FrequencyChange).Sum(k => k.Value.Detected);
        int otherEvents = after.Kinds.Where(k => k.Key != AnomalyKind.FrequencyChange).Sum(k => k.Value.Events);
        Assert.True(otherAfter >= otherBefore - Math.Max(1, otherEvents / 20), $"other kinds: {otherAfter} detected with, {otherBefore} without (of {otherEvents})");
        Assert.True(after.FalseAlerts <= before.FalseAlerts + Math.Max(2, before.FalseAlerts / 4), $"false alerts {after.FalseAlerts} with, {before.FalseAlerts} without");
    }

    /// <summary>DetectorModelTrainer's options with the demo's settings (Worker:ColdStart*, TargetFalseAlarmRate 0.002, TrainingThreads 1).</summary>
    private static DetectorOptions Options(bool full, int residualLags) => new()
    {
        WindowLength = DemoFleet.WindowLength,
        Hidden = full ? 48 : 16,
        Latent = full ? 12 : 8,
        ResidualLags = residualLags,
        TargetFalseAlarmRate = 0.002,
        Training = new TrainingOptions
        {
            Epochs = full ? 60 : 6,
            BatchSize = Math.Clamp(Probation / 8, 8, 64),
            LearningRate = 3e-3f,
            Threads = 1,
            Patience = 4,
        },
    };

    /// <summary>Scores every sensor's windows after probation in time order through the product scorer and the demo's alert policy.</summary>
    private static void Replay(AnomalyDetector detector, DemoFleet fleet, Tally tally)
    {
        int first = (Probation + fleet.Sensors - 1) / fleet.Sensors;
        int count = fleet.WindowsPerSensor - first, window = DemoFleet.WindowLength * fleet.Features;
        DetectorScorer scorer = detector.CreateScorer(count);
        WindowScore[] scores = new WindowScore[count];
        float[] windows = new float[count * window];
        for (int s = 0; s < fleet.Sensors; s++)
        {
            for (int k = 0; k < count; k++)
            {
                fleet.Window(s, first + k).CopyTo(windows.AsSpan(k * window));
            }

            scorer.Score(windows, count, scores, default, default);
            AlertStateMachine alerts = new($"pump-{s:D3}", "pump", new AlertPolicy(OpenAfter: 2, ResolveAfter: 4));
            List<long> opened = []; // start rows of the windows that opened an alert
            for (int k = 0; k < count; k++)
            {
                long start = (first + k) * (long)DemoFleet.Stride;
                WindowVerdict verdict = new(start * 1000, (start + DemoFleet.WindowLength) * 1000, scores[k].Anomalous, scores[k].Score, scores[k].Threshold, 0);
                if (alerts.Observe(verdict).Kind == AlertTransitionKind.Open)
                {
                    opened.Add(start);
                }
            }

            long firstRow = first * (long)DemoFleet.Stride, endRow = fleet.WindowsPerSensor * (long)DemoFleet.Stride;
            AnomalyEvent[] events = [.. fleet.Series[s].Events.Where(e => e.StartRow >= firstRow && e.EndRow <= endRow)];
            bool Overlaps(long windowStart, AnomalyEvent e) => windowStart < e.EndRow + DemoFleet.WindowLength && windowStart + DemoFleet.WindowLength > e.StartRow;
            tally.Opened += opened.Count;
            tally.FalseAlerts += opened.Count(w => !events.Any(e => Overlaps(w, e)));
            foreach (AnomalyEvent e in events)
            {
                (int n, int detected) = tally.Kinds.GetValueOrDefault(e.Kind);
                tally.Kinds[e.Kind] = (n + 1, detected + (opened.Any(w => Overlaps(w, e)) ? 1 : 0));
            }
        }
    }

    private sealed class Tally
    {
        public Dictionary<AnomalyKind, (int Events, int Detected)> Kinds { get; } = [];

        public List<double> TrainSeconds { get; } = [];

        public int Opened { get; set; }

        public int FalseAlerts { get; set; }
    }
}
