namespace SensorWatch.Core.Scoring;

/// <summary>
/// Turns a window's reconstruction errors e (T, D) (reconstruction − input, standardised units) into a score and
/// per-feature contributions, with the statistics the score mode needs fitted on held-out normal windows.
/// Only the last <see cref="TailSteps"/> steps count (all when it equals T): a streaming score then reacts to the
/// newest readings instead of every reading still inside the window.
/// </summary>
/// <remarks>
/// Step scores, u_t = e_t − μ: MSE s_t = mean_d e²; Mahalanobis s_t = u_tᵀ P u_t with P the inverse of the Ledoit–Wolf
/// shrunk error covariance (Malhotra et al., "LSTM-based encoder-decoder for multi-sensor anomaly detection", ICML
/// workshop 2016, fit a Gaussian to error vectors the same way); Gaussian NLL s_t = ½ Σ_d (u_d²/σ_d² + ln 2πσ_d²).
/// The window score is the mean of s_t over the tail, or the max for <see cref="ScoreMode.MaxStepError"/>.
/// Contribution of feature d (shares summing to 1): Σ_t e_d² (MSE, max), Σ_t max(0, u_d (P u)_d) (Mahalanobis;
/// the terms sum to s_t), Σ_t u_d²/σ_d² (NLL).
/// </remarks>
public sealed class ScoreStatistics
{
    private readonly double[] _mean; // (D) μ
    private readonly double[] _variance; // (D) σ²
    private readonly double[] _precision; // (D, D) P, or empty
    private readonly double[] _logTwoPiVariance; // (D) ln 2πσ²

    /// <summary>Creates statistics from stored values (snapshot). <paramref name="precision"/> is (D, D) and may be empty unless Mahalanobis.</summary>
    public ScoreStatistics(ScoreMode mode, int features, int tailSteps, double[] errorMean, double[] errorVariance, double[] precision, double shrinkage)
    {
        ArgumentNullException.ThrowIfNull(errorMean);
        ArgumentNullException.ThrowIfNull(errorVariance);
        ArgumentNullException.ThrowIfNull(precision);
        if (features <= 0 || tailSteps <= 0 || errorMean.Length != features || errorVariance.Length != features
            || (mode == ScoreMode.Mahalanobis && precision.Length != features * features))
        {
            throw new ArgumentException(
                $"Score statistics for {mode}: D {features}, tail {tailSteps}, mean {errorMean.Length}, variance {errorVariance.Length}, precision {precision.Length}; expected D, D and D² (Mahalanobis).");
        }

        Mode = mode;
        Features = features;
        TailSteps = tailSteps;
        _mean = errorMean;
        _variance = errorVariance;
        _precision = precision;
        _logTwoPiVariance = [.. errorVariance.Select(v => Math.Log(2 * Math.PI * v))];
        Shrinkage = shrinkage;
    }

    /// <summary>The score mode.</summary>
    public ScoreMode Mode { get; }

    /// <summary>D.</summary>
    public int Features { get; }

    /// <summary>How many final steps of a window count.</summary>
    public int TailSteps { get; }

    /// <summary>μ (D): mean error vector on validation windows (zeros for MSE and max).</summary>
    public IReadOnlyList<double> ErrorMean => _mean;

    /// <summary>σ² (D): per-feature error variance on validation windows.</summary>
    public IReadOnlyList<double> ErrorVariance => _variance;

    /// <summary>P (D, D): inverse shrunk error covariance (Mahalanobis only, else empty).</summary>
    public IReadOnlyList<double> Precision => _precision;

    /// <summary>The Ledoit–Wolf shrinkage intensity used (Mahalanobis only).</summary>
    public double Shrinkage { get; }

    /// <summary>Fits the statistics on validation errors (N, T, D).</summary>
    public static ScoreStatistics Fit(ScoreMode mode, ReadOnlySpan<float> errors, int windowLength, int features, int tailSteps)
    {
        int tail = Math.Clamp(tailSteps <= 0 ? windowLength : tailSteps, 1, windowLength);
        int windowSize = windowLength * features;
        if (windowSize == 0 || errors.Length % windowSize != 0 || errors.Length == 0)
        {
            throw new ArgumentException($"errors has {errors.Length} values, expected N × T {windowLength} × D {features} with N > 0.");
        }

        int count = errors.Length / windowSize;
        float[] steps = new float[count * tail * features]; // (N·tail, D) the error vectors that count
        for (int n = 0; n < count; n++)
        {
            errors.Slice((n * windowSize) + ((windowLength - tail) * features), tail * features)
                .CopyTo(steps.AsSpan(n * tail * features));
        }

        double[] mean = new double[features];
        double[] variance = new double[features];
        double[] precision = [];
        double shrinkage = 0;
        if (mode == ScoreMode.Mahalanobis && steps.Length >= 2 * features)
        {
            (double[] m, double[] covariance, double[] p, double s) = CovarianceEstimator.Fit(steps, features);
            (mean, precision, shrinkage) = (m, p, s);
            for (int d = 0; d < features; d++)
            {
                variance[d] = covariance[(d * features) + d];
            }
        }
        else
        {
            FitDiagonal(steps, features, mean, variance);
            if (mode == ScoreMode.Mahalanobis)
            {
                precision = new double[features * features];
                for (int d = 0; d < features; d++)
                {
                    precision[(d * features) + d] = 1.0 / variance[d];
                }
            }
        }

        if (mode is ScoreMode.MeanSquaredError or ScoreMode.MaxStepError)
        {
            Array.Clear(mean);
        }

        return new ScoreStatistics(mode, features, tail, mean, variance, precision, shrinkage);
    }

    /// <summary>
    /// Scores one window's errors e (T, D); writes contribution shares (D) and returns the score.
    /// <paramref name="scratch"/> needs 2·D doubles. Allocates nothing.
    /// </summary>
    public double Score(ReadOnlySpan<float> errors, Span<float> contributions, Span<double> scratch)
    {
        int features = Features;
        int windowLength = errors.Length / features;
        int tail = Math.Min(TailSteps, windowLength);
        Span<double> u = scratch[..features];
        Span<double> pu = scratch.Slice(features, features);
        contributions[..features].Clear();
        double total = 0;
        double max = double.NegativeInfinity;
        for (int t = windowLength - tail; t < windowLength; t++)
        {
            ReadOnlySpan<float> e = errors.Slice(t * features, features);
            double step = 0;
            switch (Mode)
            {
                case ScoreMode.MeanSquaredError:
                case ScoreMode.MaxStepError:
                    for (int d = 0; d < features; d++)
                    {
                        double sq = (double)e[d] * e[d];
                        step += sq;
                        contributions[d] += (float)sq;
                    }

                    step /= features;
                    break;
                case ScoreMode.Mahalanobis:
                    for (int d = 0; d < features; d++)
                    {
                        u[d] = e[d] - ErrorMeanAt(d);
                    }

                    for (int i = 0; i < features; i++)
                    {
                        ReadOnlySpan<double> row = PrecisionRow(i);
                        double s = 0;
                        for (int j = 0; j < features; j++)
                        {
                            s += row[j] * u[j];
                        }

                        pu[i] = s;
                        double term = u[i] * s;
                        step += term;
                        contributions[i] += (float)Math.Max(0, term);
                    }

                    break;
                default:
                    for (int d = 0; d < features; d++)
                    {
                        double ud = e[d] - ErrorMeanAt(d);
                        double z = ud * ud / _variance[d];
                        step += 0.5 * (z + _logTwoPiVariance[d]);
                        contributions[d] += (float)z;
                    }

                    break;
            }

            total += step;
            max = Math.Max(max, step);
        }

        Normalise(contributions[..features]);
        return Mode == ScoreMode.MaxStepError ? max : total / tail;
    }

    private double ErrorMeanAt(int d) => _mean[d];

    private ReadOnlySpan<double> PrecisionRow(int i) => _precision.AsSpan(i * Features, Features);

    private static void Normalise(Span<float> contributions)
    {
        float sum = 0;
        foreach (float c in contributions)
        {
            sum += c;
        }

        if (sum > 0 && float.IsFinite(sum))
        {
            for (int d = 0; d < contributions.Length; d++)
            {
                contributions[d] /= sum;
            }
        }
    }

    private static void FitDiagonal(ReadOnlySpan<float> steps, int features, double[] mean, double[] variance)
    {
        int n = steps.Length / features;
        for (int k = 0; k < steps.Length; k++)
        {
            mean[k % features] += steps[k];
        }

        for (int d = 0; d < features; d++)
        {
            mean[d] /= n;
        }

        for (int k = 0; k < steps.Length; k++)
        {
            double v = steps[k] - mean[k % features];
            variance[k % features] += v * v;
        }

        double average = 0;
        for (int d = 0; d < features; d++)
        {
            variance[d] /= n;
            average += variance[d] / features;
        }

        for (int d = 0; d < features; d++)
        {
            variance[d] = Math.Max(variance[d], Math.Max(1e-3 * average, 1e-12)); // a constant feature must not divide by ~0
        }
    }
}
