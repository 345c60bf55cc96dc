namespace SensorWatch.Evaluation;

/// <summary>The detector's raw score of the window ending at each row, after a cold start on the first rows.</summary>
/// <param name="Raw">(N) raw score of the window ending at each row; NaN before the first full window.</param>
/// <param name="CalibrationStart">First row whose window was held out of training (calibration split).</param>
/// <param name="TrainSeconds">Training time.</param>
internal sealed record DetectorRawScores(double[] Raw, int CalibrationStart, double TrainSeconds)
{
    /// <summary>Trains on rows [0, trainRows) and scores every window. TEMPORARY: null until the detector lands.</summary>
    public static DetectorRawScores? Compute(float[] rows, int features, int trainRows, EvaluationSettings settings, CancellationToken cancellationToken)
    {
        _ = (rows, features, trainRows, settings, cancellationToken);
        return null;
    }
}
