namespace SensorWatch.Core.Thresholds;

/// <summary>Sets a threshold from scores of held-out normal windows for a target false-alarm rate.</summary>
/// <remarks>
/// Quantile: with the n scores sorted ascending x_(1) ≤ … ≤ x_(n), the threshold is x_(k), k = ⌈(1 − q)·n⌉, so at most
/// ⌊q·n⌋ calibration scores lie strictly above it. Peaks over threshold (Siffer et al., "Anomaly detection in streams
/// with extreme value theory", KDD 2017, SPOT's initialisation): u = the empirical (1 − f) quantile with tail fraction
/// f = clamp(max(0.02, 5q), …, 0.5), excesses over u fitted by a GPD (<see cref="GeneralizedParetoFit"/>), and
/// z_q = u + (σ/ξ)((q·n/N_t)^(−ξ) − 1) (ξ ≠ 0), u − σ ln(q·n/N_t) (ξ = 0). Both methods fit the tail, which the
/// severity uses. With fewer than 10 peaks the tail is not fitted and POT falls back to the quantile (FitMethod "none").
/// </remarks>
public static class ThresholdCalibrator
{
    /// <summary>Minimum peaks for a tail fit.</summary>
    public const int MinimumPeaks = 10;

    /// <summary>Calibrates on <paramref name="scores"/> (finite values; NaN are ignored).</summary>
    public static ThresholdCalibration Calibrate(ReadOnlySpan<double> scores, ThresholdMethod method, double targetFalseAlarmRate)
    {
        if (!(targetFalseAlarmRate > 0 && targetFalseAlarmRate < 1))
        {
            throw new ArgumentException($"The target false-alarm rate is {targetFalseAlarmRate}; expected a fraction in (0, 1), e.g. 0.001.");
        }

        double[] sorted = [.. scores.ToArray().Where(double.IsFinite).Order()];
        int n = sorted.Length;
        if (n == 0)
        {
            throw new ArgumentException("No finite calibration scores: the threshold cannot be calibrated.");
        }

        double quantile = Quantile(sorted, targetFalseAlarmRate);
        double tailFraction = Math.Clamp(Math.Max(0.02, 5 * targetFalseAlarmRate), 1.0 / n, 0.5);
        int startIndex = Math.Clamp((int)Math.Ceiling((1 - tailFraction) * n) - 1, 0, n - 1);
        double u = sorted[startIndex];
        double[] excesses = [.. sorted.Skip(startIndex + 1).Where(x => x > u).Select(x => x - u)];
        if (excesses.Length < MinimumPeaks)
        {
            return new ThresholdCalibration(method, targetFalseAlarmRate, quantile, u, 0, 0, (double)excesses.Length / n, n, "none");
        }

        (double scale, double shape, string fit) = GeneralizedParetoFit.Fit(excesses);
        double peaksFraction = (double)excesses.Length / n;
        double threshold = quantile;
        if (method == ThresholdMethod.PeaksOverThreshold)
        {
            double r = targetFalseAlarmRate / peaksFraction;
            threshold = Math.Abs(shape) < 1e-9 ? u - (scale * Math.Log(r)) : u + (scale / shape * (Math.Pow(r, -shape) - 1));
            if (!double.IsFinite(threshold))
            {
                threshold = quantile;
                fit += "-quantile";
            }
        }

        return new ThresholdCalibration(method, targetFalseAlarmRate, threshold, u, scale, shape, peaksFraction, n, fit);
    }

    /// <summary>x_(k), k = ⌈(1 − q)·n⌉ of ascending <paramref name="sorted"/>: at most ⌊q·n⌋ values exceed it.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double rate)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        int k = (int)Math.Ceiling(Math.Round((1 - rate) * sorted.Count, 9));
        return sorted[Math.Clamp(k - 1, 0, sorted.Count - 1)];
    }
}
