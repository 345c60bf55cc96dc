namespace SensorWatch.Core.Thresholds;

/// <summary>
/// A calibrated threshold and the fitted tail that turns a score into an exceedance probability and a severity.
/// </summary>
/// <param name="Method">How <paramref name="Threshold"/> was set.</param>
/// <param name="TargetFalseAlarmRate">The rate asked for: the fraction of normal windows expected above the threshold.</param>
/// <param name="Threshold">Scores ≥ this are anomalous.</param>
/// <param name="TailStart">u: the score above which the GPD tail is fitted.</param>
/// <param name="TailScale">σ of the GPD.</param>
/// <param name="TailShape">ξ of the GPD.</param>
/// <param name="TailFraction">N_t / n: the fraction of calibration scores above u.</param>
/// <param name="CalibrationCount">n: the number of calibration scores.</param>
/// <param name="FitMethod">"mle", "moments", "degenerate", or "none" (too few scores for a tail).</param>
public sealed record ThresholdCalibration(
    ThresholdMethod Method,
    double TargetFalseAlarmRate,
    double Threshold,
    double TailStart,
    double TailScale,
    double TailShape,
    double TailFraction,
    int CalibrationCount,
    string FitMethod)
{
    /// <summary>Decades of rarity beyond the target rate that map to severity 100.</summary>
    public const double SeverityDecades = 3;

    /// <summary>
    /// P(score ≥ s) for a normal window: (N_t/n)(1 + ξ(s − u)/σ)^(−1/ξ) above u (the POT tail), N_t/n at or below u.
    /// </summary>
    public double ExceedanceProbability(double score)
    {
        if (!(score > TailStart) || FitMethod == "none")
        {
            return !(score > TailStart) ? TailFraction : (score >= Threshold ? TargetFalseAlarmRate : TailFraction);
        }

        double y = score - TailStart;
        double survival = Math.Abs(TailShape) < 1e-9
            ? Math.Exp(-y / TailScale)
            : Math.Pow(Math.Max(0, 1 + (TailShape * y / TailScale)), -1 / TailShape);
        return TailFraction * survival;
    }

    /// <summary>
    /// Severity 0–100: 0 below the threshold; above it 100·log10(rate / p(s)) / 3 clamped to [1, 100], so a window
    /// ten times rarer than the false-alarm target is 33, a hundred times 67, a thousand times (or beyond the tail) 100.
    /// </summary>
    public double Severity(double score)
    {
        if (double.IsNaN(score) || score < Threshold)
        {
            return 0;
        }

        double p = ExceedanceProbability(score);
        if (!(p > 0))
        {
            return 100;
        }

        double decades = Math.Log10(TargetFalseAlarmRate / p);
        return Math.Clamp(100 * decades / SeverityDecades, 1, 100);
    }
}
