namespace SensorWatch.Evaluation;

/// <summary>What a replay produced for each output row of one series.</summary>
/// <param name="Name">Series name.</param>
/// <param name="Scores">(N) anomaly score in [0, 1) (0 during the cold start).</param>
/// <param name="DetectorScores">(N) the detector's raw window score of the window ending at the row (NaN before the first full window).</param>
/// <param name="Anomalous">(N) score ≥ the alert threshold.</param>
/// <param name="Alerts">(N) the alert state machine's transition at the row: "", "open", "update" or "resolved".</param>
/// <param name="AlertThreshold">The score threshold of <paramref name="Anomalous"/>.</param>
/// <param name="TrainSeconds">Cold-start training time.</param>
/// <param name="ScoreSeconds">Scoring and streaming time.</param>
internal sealed record ReplayResult(string Name, double[] Scores, double[] DetectorScores, bool[] Anomalous, string[] Alerts,
    double AlertThreshold, double TrainSeconds, double ScoreSeconds);
