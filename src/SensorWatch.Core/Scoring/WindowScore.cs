namespace SensorWatch.Core.Scoring;

/// <summary>
/// The verdict on one window. <see cref="Score"/> is NaN and <see cref="TopFeature"/> −1 for a refused window.
/// <see cref="TopFeature"/> indexes <see cref="AnomalyDetector.FeatureNames"/>.
/// </summary>
/// <param name="Score">Anomaly score in the detector's score mode (higher = more anomalous).</param>
/// <param name="Threshold">The calibrated threshold; anomalous when Score ≥ Threshold.</param>
/// <param name="Anomalous">Score ≥ Threshold.</param>
/// <param name="Severity">0–100 from the calibrated exceedance probability (see <see cref="Thresholds.ThresholdCalibration.Severity"/>).</param>
/// <param name="Status">Scored, Imputed or Refused.</param>
/// <param name="Reason">Why refused, else None.</param>
/// <param name="TopFeature">The feature with the largest share of the error.</param>
/// <param name="MissingFraction">Fraction of the window's cells that were missing.</param>
public readonly record struct WindowScore(
    double Score,
    double Threshold,
    bool Anomalous,
    double Severity,
    WindowStatus Status,
    RefusalReason Reason,
    int TopFeature,
    float MissingFraction);
