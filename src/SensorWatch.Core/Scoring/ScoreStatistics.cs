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
/// With a <see cref="Residual"/> predictor (models written since format version 2 with residual lags &gt; 0) the
/// window score is max(E / c_E, R / c_R): E the score above, R the <see cref="ResidualPredictor"/>'s score of the
/// error's unpredictable part, each divided by its scale c = the 0.99 quantile of that part's scores on the validation
/// windows, so that either part alone reaches the threshold at a comparable rarity (the threshold is calibrated on the
/// combined score afterwards). The contributions are those of the larger part. Without it the score is E (older models).
/// </remarks>
public sealed class ScoreStatistics
{
    private readonly double[] _mean; // (D) μ
    private readonly double[] _variance; // (D) σ²
    private readonly double[] _precision; // (D, D) P, or empty
    private readonly double[] _logTwoPiVariance; // (D) ln 2πσ²

    /// <summary>Quantile of the validation windows' part scores that becomes each part's scale c.</summary>
    public const double ScaleQuantile = 0.99;

    /// <summary>
    /// Creates statistics from stored values (snapshot). <paramref name="precision"/> is (D, D) and may be empty unless
    /// Mahalanobis; <paramref name="residual"/> (null = none) with the positive scales c_E and c_R of its combination.
    /// </summary>
    public ScoreStatistics(ScoreMode mode, int features, int tailSteps, double[] errorMean, double[] errorVariance, double[] precision, double shrinkage,
        ResidualPredictor? residual = null, double errorScale = 1, double residualScale = 1)
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

        if (residual is not null && (residual.Features != features || !(errorScale > 0 && double.IsFinite(errorScale)) || !(residualScale > 0 && double.IsFinite(residualScale))))
        {
            throw new ArgumentException(
                $"Score statistics with a residual predictor: predictor D {residual.Features} (expected {features}), scales {errorScale} and {residualScale} (expected positive and finite).");
        }

        Mode = mode;
        Features = features;
        TailSteps = tailSteps;
        _mean = errorMean;
        _variance = errorVariance;
        _precision = precision;
        _logTwoPiVariance = [.. errorVariance.Select(v => Math.Log(2 * Math.PI * v))];
        Shrinkage = shrinkage;
        Residual = residual;
        ErrorScale = residual is null ? 1 : errorScale;
        ResidualScale = residual is null ? 1 : residualScale;
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

    /// <summary>The error's residual predictor, or null (score = the per-step score only, as in format version 1).</summary>
    public ResidualPredictor? Residual { get; }

    /// <summary>c_E: the per-step part's scale (1 without a residual predictor).</summary>
    public double ErrorScale { get; }

    /// <summary>c_R: the residual part's scale (1 without a residual predictor).</summary>
    public double ResidualScale { get; }

    /// <summary>
    /// Fits the statistics on validation errors (N, T, D); <paramref name="residualLags"/> p &gt; 0 (p &lt; T) adds a
    /// <see cref="ResidualPredictor"/> with p lags and the part scales, 0 gives the per-step score alone.
    /// </summary>
    public static ScoreStatistics Fit(ScoreMode mode, ReadOnlySpan<float> errors, int windowLength, int features, int tailSteps, int residualLags = 0)
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

        ScoreStatistics perStep = new(mode, features, tail, mean, variance, precision, shrinkage);
        if (residualLags <= 0)
        {
            return perStep;
        }

        ResidualPredictor residual = ResidualPredictor.Fit(errors, windowLength, features, residualLags);
        double[] stepScores = new double[count];
        double[] residualScores = new double[count];
        float[] shares = new float[features];
        double[] scratch = new double[2 * features];
        for (int n = 0; n < count; n++)
        {
            ReadOnlySpan<float> window = errors.Slice(n * windowSize, windowSize);
            stepScores[n] = perStep.Score(window, shares, scratch);
            Array.Clear(scratch);
            residualScores[n] = residual.Score(window, tail, scratch);
        }

        return new ScoreStatistics(mode, features, tail, mean, variance, precision, shrinkage, residual, Scale(stepScores), Scale(residualScores));
    }

    /// <summary>The <see cref="ScaleQuantile"/> quantile of finite positive part scores (1 when there is none).</summary>
    private static double Scale(double[] scores)
    {
        double[] sorted = [.. scores.Where(s => s > 0 && double.IsFinite(s)).Order()];
        return sorted.Length == 0 ? 1 : Thresholds.ThresholdCalibrator.Quantile(sorted, 1 - ScaleQuantile);
    }

    /// <summary>
    /// Scores one window's errors e (T, D); writes contribution shares (D) and returns the score.
    /// <paramref name="scratch"/> needs 2·D doubles, 3·D with a <see cref="Residual"/> predictor. <paramref name="missing"/>
    /// (T, D) or empty marks imputed cells (their errors are expected to be 0) for the residual part. Allocates nothing.
    /// </summary>
    public double Score(ReadOnlySpan<float> errors, Span<float> contributions, Span<double> scratch, ReadOnlySpan<bool> missing = default)
    {
        double perStep = PerStepScore(errors, contributions, scratch);
        if (Residual is null)
        {
            return perStep;
        }

        int features = Features;
        Span<double> residualShares = scratch.Slice(2 * features, features);
        residualShares.Clear();
        double residual = Residual.Score(errors, TailSteps, residualShares, missing) / ResidualScale;
        perStep /= ErrorScale;
        if (!(residual > perStep))
        {
            return perStep;
        }

        for (int d = 0; d < features; d++)
        {
            contributions[d] = (float)residualShares[d];
        }

        Normalise(contributions[..features]);
        return residual;
    }

    /// <summary>E: the score mode's per-step score over the tail, with its contribution shares.</summary>
    private double PerStepScore(ReadOnlySpan<float> errors, Span<float> contributions, Span<double> scratch)
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
