using System.Diagnostics;
using SensorWatch.Core.Alerting;
using SensorWatch.Core.Preprocessing;
using SensorWatch.Core.Retraining;
using SensorWatch.Core.Scoring;
using SensorWatch.Core.Training;

namespace SensorWatch.Evaluation.Drift;

/// <summary>
/// Replays a <see cref="DriftStream"/> causally through the worker's pieces: the served <see cref="AnomalyDetector"/>
/// scores each window (one every Stride rows) as it arrives, an <see cref="AlertStateMachine"/> opens and resolves
/// alerts, and with retraining on a <see cref="RetrainingCoordinator"/> sees every scored window and alert and swaps the
/// served model on Promote / RollBack. Time is the stream's event time (a replay clock); a training takes no simulated
/// time (the replay waits for it), so a run is deterministic for a seed.
/// </summary>
internal static class DriftReplay
{
    private const string Sensor = "pump-1";

    /// <summary>The first model: trained on the clean training days only.</summary>
    public static AnomalyDetector TrainFirstModel(DriftStream stream, DriftReplaySettings settings, CancellationToken cancellationToken)
    {
        int d = stream.FeatureNames.Count;
        float[] rows = stream.Values[..(stream.TrainRows * d)];
        SensorTable table = new(stream.FeatureNames, [.. Enumerable.Range(0, stream.TrainRows).Select(r => r.ToString(System.Globalization.CultureInfo.InvariantCulture))], rows);
        DetectorOptions options = new()
        {
            WindowLength = settings.WindowLength,
            Stride = 2,
            Hidden = settings.Hidden,
            Latent = settings.Latent,
            TargetFalseAlarmRate = settings.TargetFalseAlarmRate,
            ScoreMode = settings.ScoreMode,
            CalibrationFraction = settings.CalibrationFraction,
            Training = new TrainingOptions { Epochs = settings.Epochs, BatchSize = 32, LearningRate = 3e-3f, Seed = settings.Seed, Threads = 1, Patience = 4 },
            Lineage = new Dictionary<string, string> { ["version"] = "v1", ["trigger"] = "drift-replay" },
        };
        return AnomalyDetector.Train(table, options, null, cancellationToken);
    }

    /// <summary>Replays the scored days; <paramref name="retraining"/> null = the first model is served throughout.</summary>
    public static DriftReplayResult Run(string mode, DriftStream stream, AnomalyDetector firstModel, DriftReplaySettings settings,
        RetrainingOptions? retraining, CancellationToken cancellationToken)
    {
        Stopwatch clock = Stopwatch.StartNew();
        int t = settings.WindowLength, d = stream.FeatureNames.Count, cells = t * d;
        DateTimeOffset origin = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        long intervalMs = settings.IntervalMinutes * 60_000L;
        ReplayClock time = new(origin);
        using RetrainingCoordinator? coordinator = retraining is null ? null : new RetrainingCoordinator("pump", retraining, new Random(settings.Seed), time);
        AnomalyDetector served = firstModel;
        string servedVersion = "v1";
        coordinator?.SetCurrent(served, servedVersion);
        DetectorScorer scorer = served.CreateScorer(1);
        AlertStateMachine alerts = new(Sensor, "pump", new AlertPolicy(settings.OpenAfter, settings.ResolveAfter));
        WindowScore[] result = new WindowScore[1];
        bool[] eventRow = EventRows(stream);
        int days = settings.Days;
        int[] falseAlarms = new int[days];
        int[] normalWindows = new int[days], normalFlagged = new int[days];
        double[] falseAlertHours = new double[days];
        double stepHours = settings.Stride * settings.IntervalMinutes / 60.0;
        List<(long From, long To)> spans = [];
        (long From, long To)? open = null;
        for (int start = stream.TrainRows; start + t <= stream.Rows; start += settings.Stride)
        {
            cancellationToken.ThrowIfCancellationRequested();
            float[] values = stream.Values.AsSpan(start * d, cells).ToArray();
            scorer.Score(values, 1, result, default, default);
            WindowScore score = result[0];
            long startMs = start * intervalMs, endMs = (start + t - 1) * intervalMs;
            time.Now = origin.AddMilliseconds(endMs);
            int day = Math.Min(days - 1, (start - stream.TrainRows) / stream.RowsPerDay);
            bool normal = !Overlaps(eventRow, start, start + t);
            if (normal)
            {
                normalWindows[day]++;
                normalFlagged[day] += score.Anomalous ? 1 : 0;
            }

            AlertTransition transition = alerts.Observe(new WindowVerdict(startMs, endMs, score.Anomalous, double.IsFinite(score.Score) ? score.Score : 0, score.Threshold, (int)score.Severity));
            if (transition.Kind == AlertTransitionKind.Open)
            {
                open = (start - ((settings.OpenAfter - 1) * settings.Stride), start + t);
            }
            else if (open is { } current && score.Anomalous)
            {
                open = (current.From, start + t);
            }

            if (transition.Kind is AlertTransitionKind.Open or AlertTransitionKind.Update)
            {
                coordinator?.ObserveAlert(Sensor, endMs);
            }

            if (normal && alerts.IsOpen)
            {
                falseAlertHours[day] += stepHours;
            }

            if (transition.Kind == AlertTransitionKind.Resolved && open is { } closed)
            {
                spans.Add(closed);
                open = null;
            }

            if (coordinator is null)
            {
                continue;
            }

            coordinator.Observe(new SampleWindow(Sensor, startMs, endMs, values, score.Score, score.Anomalous, "replay", 0, start), servedVersion);
            RetrainAction action = coordinator.Poll(cancellationToken);
            if (coordinator.Phase == RetrainPhase.Training)
            {
                coordinator.WaitForTraining(TimeSpan.FromMinutes(10));
                action = coordinator.Poll(cancellationToken);
            }

            if (action.Kind is RetrainActionKind.Promote or RetrainActionKind.RollBack)
            {
                served = action.Detector!;
                servedVersion = action.Version!;
                scorer = served.CreateScorer(1);
            }
        }

        if (open is { } last)
        {
            spans.Add(last);
        }

        int detected = stream.Events.Count(e => spans.Any(s => s.From < e.EndRow && s.To > e.StartRow));
        foreach ((long from, long to) in spans.Where(s => !Overlaps(eventRow, s.From, s.To)))
        {
            falseAlarms[Math.Clamp((int)((from - stream.TrainRows) / stream.RowsPerDay), 0, days - 1)]++;
        }

        IReadOnlyList<RetrainEvent> events = coordinator?.DrainEvents() ?? [];
        Dictionary<string, int> reasons = events.Where(e => e.Outcome == RetrainOutcome.Rejected)
            .GroupBy(e => e.Reason.ToString()).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new DriftReplayResult(mode, falseAlarms, falseAlertHours,
            [.. Enumerable.Range(0, days).Select(i => normalWindows[i] == 0 ? 0 : (double)normalFlagged[i] / normalWindows[i])],
            stream.Events.Count, detected, spans.Count, coordinator?.Retrains ?? 0,
            coordinator?.Count(RetrainOutcome.Promoted) ?? 0, coordinator?.Count(RetrainOutcome.Rejected) ?? 0,
            coordinator?.Count(RetrainOutcome.RolledBack) ?? 0, reasons, events, clock.Elapsed);
    }

    private static bool[] EventRows(DriftStream stream)
    {
        bool[] rows = new bool[stream.Rows];
        foreach (var e in stream.Events)
        {
            for (long r = e.StartRow; r < Math.Min(e.EndRow, stream.Rows); r++)
            {
                rows[r] = true;
            }
        }

        return rows;
    }

    private static bool Overlaps(bool[] eventRow, long from, long to)
    {
        for (long r = Math.Max(0, from); r < Math.Min(to, eventRow.Length); r++)
        {
            if (eventRow[r])
            {
                return true;
            }
        }

        return false;
    }

    private sealed class ReplayClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
