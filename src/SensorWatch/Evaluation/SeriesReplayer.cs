using System.Diagnostics;
using SensorWatch.Core.Alerting;
using SensorWatch.Core.Scoring;

namespace SensorWatch.Evaluation;

/// <summary>
/// Replays one series in time order: cold start (train on the first rows only), then every row is scored from the
/// window ending at it, calibrated against the scores seen before it, and fed to the alert state machine. No row's
/// score uses a later row.
/// </summary>
internal static class SeriesReplayer
{
    private const long RowMilliseconds = 60_000; // simulated time: one row per minute, strictly increasing

    /// <summary>Replays <paramref name="rows"/> (N, D); rows before <paramref name="trainRows"/> are the cold start.</summary>
    /// <param name="name">Series name (also the alert state machine's sensor id).</param>
    /// <param name="rows">(N, D) readings in time order.</param>
    /// <param name="features">D.</param>
    /// <param name="trainRows">Rows of the cold start; the detector sees only these when it is trained.</param>
    /// <param name="outputStart">First row reported (SMD: the first test row; NAB: 0).</param>
    /// <param name="settings">Evaluation settings.</param>
    /// <param name="cancellationToken">Stops the replay.</param>
    public static ReplayResult Replay(string name, float[] rows, int features, int trainRows, int outputStart, EvaluationSettings settings,
        CancellationToken cancellationToken)
    {
        int n = rows.Length / features;
        Stopwatch clock = Stopwatch.StartNew();
        DetectorRawScores? detector = DetectorRawScores.Compute(rows, features, trainRows, settings, cancellationToken);
        DetectorRawScores? coarse = settings.CoarseDilation > 1
            ? DetectorRawScores.ComputeCoarse(rows, features, trainRows, settings, settings.CoarseDilation, cancellationToken)
            : null;
        double trainSeconds = (detector?.TrainSeconds ?? 0.0) + (coarse?.TrainSeconds ?? 0.0);
        double[] statistic = RowStatistic.Compute(rows, features, trainRows);
        double[] change = RowStatistic.ComputeChange(rows, features, trainRows);

        // Seed each calibrator with the held-out tail of the cold start (rows the model was not fitted on).
        int seedStart = detector?.CalibrationStart ?? (int)(0.8 * trainRows);
        RunningTailScore detectorTail = NewTail(settings, settings.DetectorTransform);
        RunningTailScore statisticTail = NewTail(settings, settings.StatisticTransform);
        if (detector is not null)
        {
            int detectorSeedStart = settings.SeedDetectorFromAllTraining ? Math.Max(settings.WindowLength - 1, trainRows - settings.HistoryLength) : seedStart;
            detectorTail.Seed(detector.Raw.AsSpan(detectorSeedStart, trainRows - detectorSeedStart));
        }

        int statisticSeedStart = settings.SeedStatisticFromAllTraining ? Math.Max(0, trainRows - settings.HistoryLength) : seedStart;
        statisticTail.Seed(statistic.AsSpan(statisticSeedStart, trainRows - statisticSeedStart));
        RunningTailScore changeTail = NewTail(settings, settings.StatisticTransform);
        changeTail.Seed(change.AsSpan(seedStart, trainRows - seedStart));
        RunningTailScore coarseTail = NewTail(settings, settings.DetectorTransform);
        if (coarse is not null)
        {
            coarseTail.Seed(coarse.Raw.AsSpan(coarse.CalibrationStart, trainRows - coarse.CalibrationStart));
        }

        OnsetEmphasis onset = new(settings.RefractoryRows, settings.Damping, settings.OnsetHalfLife);
        AlertStateMachine alerts = new(name, "evaluate", new AlertPolicy(settings.OpenAfter, settings.ResolveAfter));
        int count = n - outputStart;
        double[] scores = new double[count];
        double[] raw = new double[count];
        bool[] anomalous = new bool[count];
        string[] transitions = new string[count];
        for (int t = trainRows; t < n; t++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double detectorScore = detector is null ? 0.0 : settings.DetectorWeight * detectorTail.Next(detector.Raw[t]);
            double statisticScore = settings.StatisticWeight > 0 ? settings.StatisticWeight * statisticTail.Next(statistic[t]) : 0.0;
            if (coarse is not null)
            {
                detectorScore = Math.Max(detectorScore, settings.DetectorWeight * coarseTail.Next(coarse.Raw[t]));
            }

            double changeScore = settings.ChangeWeight > 0 ? settings.ChangeWeight * changeTail.Next(change[t]) : 0.0;
            statisticScore = Math.Max(statisticScore, changeScore);
            double combined = settings.CombineByMean && settings.StatisticWeight > 0
                ? (detectorScore + statisticScore) / (1.0 + settings.StatisticWeight)
                : Math.Max(detectorScore, statisticScore);
            double score = onset.Next(Math.Min(combined, 1.0));
            if (t < outputStart)
            {
                continue;
            }

            int i = t - outputStart;
            scores[i] = score;
            raw[i] = detector?.Raw[t] ?? double.NaN;
            anomalous[i] = score >= settings.AlertThreshold;
            long end = (t + 1) * RowMilliseconds;
            AlertTransition transition = alerts.Observe(new WindowVerdict(end - (settings.WindowLength * RowMilliseconds), end, anomalous[i],
                score, settings.AlertThreshold, (int)Math.Round(100 * score)));
            transitions[i] = transition.Kind switch
            {
                AlertTransitionKind.Open => "open",
                AlertTransitionKind.Update => "update",
                AlertTransitionKind.Resolved => "resolved",
                _ => string.Empty,
            };
        }

        for (int i = 0; i < count; i++)
        {
            transitions[i] ??= string.Empty;
            if (i + outputStart < trainRows)
            {
                raw[i] = detector?.Raw[i + outputStart] ?? double.NaN;
            }
        }

        return new ReplayResult(name, scores, raw, anomalous, transitions, settings.AlertThreshold, trainSeconds,
            clock.Elapsed.TotalSeconds - trainSeconds);
    }

    private static RunningTailScore NewTail(EvaluationSettings settings, TailTransform transform) =>
        new(settings.HistoryLength, settings.AverageLength, settings.RarityScale, settings.MinimumSpread, transform, settings.RangeMode);
}
