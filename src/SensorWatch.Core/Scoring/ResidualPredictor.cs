using System.Buffers;
using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;
using SensorWatch.Core.Numerics;

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
/// 1e-3 × the mean over features and 1e-12. Fitting runs in double; scoring in float32 over the whole block of scored
/// steps at once (per lag one fused multiply-add with the lag's weights tiled over (T, D), then (r − m)²/v and column
/// sums: T·D·p multiply-adds, vectorised by TensorPrimitives).
/// </para>
/// </remarks>
public sealed class ResidualPredictor
{
    private const double Ridge = 1e-3;
    private readonly double[] _coefficients; // (D, p) a
    private readonly double[] _mean; // (D) m
    private readonly double[] _variance; // (D) v
    private readonly float[] _lagWeights; // (p, T, D) block k − 1 = −a_{d,k} at every step: the weights of lag k, tiled
    private readonly float[] _meanTiled; // (T, D) m at every step
    private readonly float[] _inverseVarianceTiled; // (T, D) 1/v at every step

    /// <summary>
    /// Creates a predictor for windows of <paramref name="windowLength"/> T steps (T &gt; p) from stored values
    /// (snapshot): <paramref name="coefficients"/> (D, p), mean and variance (D).
    /// </summary>
    public ResidualPredictor(int lags, int features, int windowLength, double[] coefficients, double[] innovationMean, double[] innovationVariance)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        ArgumentNullException.ThrowIfNull(innovationMean);
        ArgumentNullException.ThrowIfNull(innovationVariance);
        if (lags < 1 || features < 1 || windowLength <= lags || coefficients.Length != features * lags || innovationMean.Length != features
            || innovationVariance.Length != features || !innovationVariance.All(v => v > 0 && double.IsFinite(v))
            || !coefficients.All(double.IsFinite) || !innovationMean.All(double.IsFinite))
        {
            throw new ArgumentException(
                $"Residual predictor: lags {lags}, D {features}, T {windowLength}, coefficients {coefficients.Length}, mean {innovationMean.Length}, variance {innovationVariance.Length}; expected 1 ≤ lags < T, D·lags finite coefficients, D finite means and D positive variances.");
        }

        Lags = lags;
        Features = features;
        _coefficients = coefficients;
        _mean = innovationMean;
        _variance = innovationVariance;
        WindowLength = windowLength;
        int size = windowLength * features;
        _lagWeights = new float[lags * size];
        _meanTiled = new float[size];
        _inverseVarianceTiled = new float[size];
        for (int i = 0; i < size; i++)
        {
            int d = i % features;
            _meanTiled[i] = (float)innovationMean[d];
            _inverseVarianceTiled[i] = (float)(1.0 / innovationVariance[d]);
            for (int k = 0; k < lags; k++)
            {
                _lagWeights[(k * size) + i] = (float)-coefficients[(d * lags) + k];
            }
        }
    }

    /// <summary>T, the window length the predictor scores.</summary>
    public int WindowLength { get; }

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
        ResidualPredictor provisional = new(p, d, t, coefficients, new double[d], [.. Enumerable.Repeat(1.0, d)]);
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

        return new ResidualPredictor(p, d, t, coefficients, mean, variance);
    }

    /// <summary>
    /// The residual score R of one window's errors e (T, D) (T &gt; p) over its last <paramref name="tailSteps"/> steps
    /// (those with t ≥ p); adds each feature's Σ_t (r − m)²/v to <paramref name="contributions"/> (D).
    /// <paramref name="missing"/> (T, D) or empty: an innovation that involves an imputed cell (the cell or one of its
    /// p predecessors) counts as 0, as the per-step score counts an imputed cell's error as 0. Allocates nothing.
    /// </summary>
    public double Score(ReadOnlySpan<float> errors, int tailSteps, Span<double> contributions, ReadOnlySpan<bool> missing = default)
    {
        int d = Features, p = Lags, t = WindowLength;
        if (errors.Length != t * d || (!missing.IsEmpty && missing.Length != t * d))
        {
            throw new ArgumentException($"errors has {errors.Length} values and missing {missing.Length}; expected T {t} × D {d} (missing may be empty).");
        }

        int from = Math.Max(p, t - tailSteps);
        int n = (t - from) * d; // the scored steps' cells
        float[]? rented = n + d > 4096 ? ArrayPool<float>.Shared.Rent(n + d) : null;
        Span<float> buffer = rented is null ? stackalloc float[n + d] : rented;
        Span<float> z = buffer[..n]; // (t − from, D)
        Span<float> sums = buffer.Slice(n, d); // (D)
        // r = e_t − Σ_k a_k ⊙ e_{t−k} for every scored step at once: one fused multiply-add over the block per lag.
        errors.Slice(from * d, n).CopyTo(z);
        for (int k = 1; k <= p; k++)
        {
            TensorPrimitives.FusedMultiplyAdd(errors.Slice((from - k) * d, n), _lagWeights.AsSpan(((k - 1) * t * d) + (from * d), n), z, z);
        }

        // z = (r − m)² / v
        TensorPrimitives.Subtract(z, _meanTiled.AsSpan(from * d, n), z);
        TensorPrimitives.Multiply(z, z, z);
        TensorPrimitives.Multiply(z, _inverseVarianceTiled.AsSpan(from * d, n), z);
        if (!missing.IsEmpty)
        {
            for (int i = 0; i < n; i++)
            {
                if (InvolvesMissing(missing, from + (i / d), i % d))
                {
                    z[i] = 0f;
                }
            }
        }

        sums.Clear();
        ColumnSums.Accumulate(z, t - from, d, sums);
        double total = 0;
        for (int f = 0; f < d; f++)
        {
            contributions[f] += sums[f];
            total += sums[f];
        }

        if (rented is not null)
        {
            ArrayPool<float>.Shared.Return(rented);
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
