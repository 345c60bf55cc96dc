using MathNet.Numerics.LinearAlgebra;

namespace SensorWatch.Core.Scoring;

/// <summary>
/// A per-feature linear predictor of the reconstruction error from its own last p steps, and the score of what it
/// cannot predict: the error's temporal structure, which a per-step error score (MSE, Mahalanobis, NLL) ignores.
/// </summary>
/// <remarks>
/// <para>
/// Why: an autoencoder that does not reproduce a fast oscillation (the cold-start model and the pump's 12-row
/// vibration) leaves the whole oscillation in its error, so the normal error is already as large as under a change of
/// the oscillation's period, and a per-step score cannot see the change. The error is then strongly autocorrelated, so
/// it is predictable from its own past: prewhitening it by an autoregression (Box &amp; Jenkins; the innovations of a
/// fitted AR model are what residual diagnostics test) leaves only noise, and a changed period, a new spike or a noise
/// burst shows as a large innovation. A sustained error (level shift, drift) is predictable too and shows only at
/// its onset, which is why this score is combined with the per-step score (<see cref="ScoreStatistics"/>).
/// </para>
/// <para>
/// Legend: T steps, D features, p = <see cref="Lags"/>, e (T, D) the window's errors (reconstruction − input,
/// standardised). For t ≥ p: r_{t,d} = e_{t,d} − Σ_{k=1..p} a_{d,k} e_{t−k,d} (the innovation); the step score
/// q_t = Σ_d (r_{t,d} − m_d)² / v_d; the window's residual score R = mean of q_t over the scored steps t ≥ p.
/// Fit (per feature d, on validation errors): a_d minimises Σ (e_t − Σ_k a_k e_{t−k})² over every window and t ≥ p,
/// i.e. the normal equations (XᵀX + λI) a = Xᵀy with a ridge λ = 1e-3 · trace(XᵀX)/p that keeps them solvable for a
/// constant feature, solved by Cholesky (MathNet); m_d, v_d = mean and variance of the innovations, v_d floored at
/// 1e-3 × the mean over features and 1e-12.
/// </para>
/// </remarks>
public sealed class ResidualPredictor
{
    private const double Ridge = 1e-3;
    private readonly double[] _coefficients; // (D, p) a
    private readonly double[] _mean; // (D) m
    private readonly double[] _variance; // (D) v

    /// <summary>Creates a predictor from stored values (snapshot): <paramref name="coefficients"/> (D, p), mean and variance (D).</summary>
    public ResidualPredictor(int lags, int features, double[] coefficients, double[] innovationMean, double[] innovationVariance)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        ArgumentNullException.ThrowIfNull(innovationMean);
        ArgumentNullException.ThrowIfNull(innovationVariance);
        if (lags < 1 || features < 1 || coefficients.Length != features * lags || innovationMean.Length != features
            || innovationVariance.Length != features || !innovationVariance.All(v => v > 0 && double.IsFinite(v))
            || !coefficients.All(double.IsFinite) || !innovationMean.All(double.IsFinite))
        {
            throw new ArgumentException(
                $"Residual predictor: lags {lags}, D {features}, coefficients {coefficients.Length}, mean {innovationMean.Length}, variance {innovationVariance.Length}; expected lags ≥ 1, D·lags finite coefficients, D finite means and D positive variances.");
        }

        Lags = lags;
        Features = features;
        _coefficients = coefficients;
        _mean = innovationMean;
        _variance = innovationVariance;
    }

    /// <summary>p, the past steps each prediction uses.</summary>
    public int Lags { get; }

    /// <summary>D.</summary>
    public int Features { get; }

    /// <summary>a (D, p): a[d·p + k − 1] weighs e_{t−k,d}.</summary>
    public IReadOnlyList<double> Coefficients => _coefficients;

    /// <summary>m (D): mean innovation on validation windows.</summary>
    public IReadOnlyList<double> InnovationMean => _mean;

    /// <summary>v (D): innovation variance on validation windows.</summary>
    public IReadOnlyList<double> InnovationVariance => _variance;

    /// <summary>Fits the predictor on validation errors (N, T, D) (T &gt; p).</summary>
    public static ResidualPredictor Fit(ReadOnlySpan<float> errors, int windowLength, int features, int lags)
    {
        int t = windowLength, d = features, p = lags;
        if (p < 1 || t <= p || d < 1 || errors.Length == 0 || errors.Length % (t * d) != 0)
        {
            throw new ArgumentException($"errors has {errors.Length} values, expected N × T {t} × D {d} with N > 0 and T > lags {p} ≥ 1.");
        }

        int n = errors.Length / (t * d);
        double[] coefficients = new double[d * p];
        double[] gram = new double[p * p]; // (p, p) XᵀX
        double[] moment = new double[p]; // (p) Xᵀy
        for (int f = 0; f < d; f++)
        {
            Array.Clear(gram);
            Array.Clear(moment);
            for (int w = 0; w < n; w++)
            {
                ReadOnlySpan<float> e = errors.Slice(w * t * d, t * d);
                for (int s = p; s < t; s++)
                {
                    double y = e[(s * d) + f];
                    for (int i = 0; i < p; i++)
                    {
                        double xi = e[((s - 1 - i) * d) + f];
                        moment[i] += xi * y;
                        for (int j = 0; j <= i; j++)
                        {
                            gram[(i * p) + j] += xi * e[((s - 1 - j) * d) + f];
                        }
                    }
                }
            }

            double trace = 0;
            for (int i = 0; i < p; i++)
            {
                trace += gram[(i * p) + i];
            }

            double ridge = Math.Max(Ridge * trace / p, 1e-12);
            Matrix<double> system = Matrix<double>.Build.Dense(p, p, (i, j) => (i >= j ? gram[(i * p) + j] : gram[(j * p) + i]) + (i == j ? ridge : 0));
            Vector<double> solution = system.Cholesky().Solve(Vector<double>.Build.DenseOfArray(moment));
            for (int i = 0; i < p; i++)
            {
                coefficients[(f * p) + i] = double.IsFinite(solution[i]) ? solution[i] : 0;
            }
        }

        // Innovation mean and variance per feature (two passes with the fitted coefficients).
        double[] mean = new double[d];
        double[] variance = new double[d];
        ResidualPredictor provisional = new(p, d, coefficients, new double[d], [.. Enumerable.Repeat(1.0, d)]);
        long count = (long)n * (t - p);
        for (int w = 0; w < n; w++)
        {
            ReadOnlySpan<float> e = errors.Slice(w * t * d, t * d);
            for (int s = p; s < t; s++)
            {
                for (int f = 0; f < d; f++)
                {
                    mean[f] += provisional.Innovation(e, s, f);
                }
            }
        }

        for (int f = 0; f < d; f++)
        {
            mean[f] /= count;
        }

        for (int w = 0; w < n; w++)
        {
            ReadOnlySpan<float> e = errors.Slice(w * t * d, t * d);
            for (int s = p; s < t; s++)
            {
                for (int f = 0; f < d; f++)
                {
                    double u = provisional.Innovation(e, s, f) - mean[f];
                    variance[f] += u * u;
                }
            }
        }

        double average = 0;
        for (int f = 0; f < d; f++)
        {
            variance[f] /= count;
            average += variance[f] / d;
        }

        for (int f = 0; f < d; f++)
        {
            variance[f] = Math.Max(variance[f], Math.Max(1e-3 * average, 1e-12));
        }

        return new ResidualPredictor(p, d, coefficients, mean, variance);
    }

    /// <summary>
    /// The residual score R of one window's errors e (T, D) (T &gt; p) over its last <paramref name="tailSteps"/> steps
    /// (those with t ≥ p); adds each feature's Σ_t (r − m)²/v to <paramref name="contributions"/> (D).
    /// <paramref name="missing"/> (T, D) or empty: an innovation that involves an imputed cell (the cell or one of its
    /// p predecessors) counts as 0, as the per-step score counts an imputed cell's error as 0. Allocates nothing.
    /// </summary>
    public double Score(ReadOnlySpan<float> errors, int tailSteps, Span<double> contributions, ReadOnlySpan<bool> missing = default)
    {
        int d = Features;
        int t = errors.Length / d;
        int from = Math.Max(Lags, t - tailSteps);
        double total = 0;
        for (int s = from; s < t; s++)
        {
            for (int f = 0; f < d; f++)
            {
                if (!missing.IsEmpty && InvolvesMissing(missing, s, f))
                {
                    continue;
                }

                double u = Innovation(errors, s, f) - _mean[f];
                double z = u * u / _variance[f];
                total += z;
                contributions[f] += z;
            }
        }

        return total / (t - from);
    }

    /// <summary>True when cell (s, f) or one of its p predecessors is missing.</summary>
    private bool InvolvesMissing(ReadOnlySpan<bool> missing, int s, int f)
    {
        for (int k = 0; k <= Lags; k++)
        {
            if (missing[((s - k) * Features) + f])
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>r_{s,f} = e_{s,f} − Σ_k a_{f,k} e_{s−k,f} (s ≥ p).</summary>
    private double Innovation(ReadOnlySpan<float> e, int s, int f)
    {
        int d = Features, p = Lags;
        ReadOnlySpan<double> a = _coefficients.AsSpan(f * p, p);
        double r = e[(s * d) + f];
        for (int k = 0; k < p; k++)
        {
            r -= a[k] * e[((s - 1 - k) * d) + f];
        }

        return r;
    }
}
