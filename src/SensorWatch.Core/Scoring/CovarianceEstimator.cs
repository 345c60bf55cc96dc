using MathNet.Numerics.LinearAlgebra;

namespace SensorWatch.Core.Scoring;

/// <summary>
/// Mean and Ledoit–Wolf shrunk covariance of vectors, and its inverse (the precision matrix) through a Cholesky factor.
/// </summary>
/// <remarks>
/// Ledoit &amp; Wolf, "A well-conditioned estimator for large-dimensional covariance matrices", J. Multivariate Anal. 88 (2004):
/// with S the sample covariance of n centred vectors x_k in p dimensions, m = tr(S)/p, d² = ‖S − mI‖²_F,
/// b̄² = (1/n²) Σ_k ‖x_k x_kᵀ − S‖²_F and b² = min(b̄², d²), the estimator is Σ* = (b²/d²)·m·I + (1 − b²/d²)·S.
/// It is positive definite even when features are collinear or constant (errors of SMD's constant columns),
/// where the sample covariance is singular. A ridge of 1e-9·m guards the degenerate all-equal case.
/// </remarks>
internal static class CovarianceEstimator
{
    /// <summary>Fits on rows (n, p) of vectors; returns mean (p), shrunk covariance (p, p), precision (p, p) and the shrinkage.</summary>
    public static (double[] Mean, double[] Covariance, double[] Precision, double Shrinkage) Fit(ReadOnlySpan<float> vectors, int dimensions)
    {
        int p = dimensions;
        int n = vectors.Length / p;
        if (n < 2 || vectors.Length % p != 0)
        {
            throw new ArgumentException($"Need at least 2 vectors of dimension {p}; got {vectors.Length} values.");
        }

        double[] mean = new double[p];
        for (int k = 0; k < n; k++)
        {
            for (int i = 0; i < p; i++)
            {
                mean[i] += vectors[(k * p) + i];
            }
        }

        for (int i = 0; i < p; i++)
        {
            mean[i] /= n;
        }

        double[] s = new double[p * p]; // (p, p) sample covariance, divided by n as in Ledoit–Wolf
        double[] x = new double[p];
        for (int k = 0; k < n; k++)
        {
            Centre(vectors, k, mean, x);
            for (int i = 0; i < p; i++)
            {
                for (int j = 0; j < p; j++)
                {
                    s[(i * p) + j] += x[i] * x[j];
                }
            }
        }

        for (int i = 0; i < s.Length; i++)
        {
            s[i] /= n;
        }

        double m = 0;
        for (int i = 0; i < p; i++)
        {
            m += s[(i * p) + i];
        }

        m /= p;
        double d2 = 0;
        for (int i = 0; i < p; i++)
        {
            for (int j = 0; j < p; j++)
            {
                double v = s[(i * p) + j] - (i == j ? m : 0);
                d2 += v * v;
            }
        }

        double b2 = 0;
        for (int k = 0; k < n; k++)
        {
            Centre(vectors, k, mean, x);
            for (int i = 0; i < p; i++)
            {
                for (int j = 0; j < p; j++)
                {
                    double v = (x[i] * x[j]) - s[(i * p) + j];
                    b2 += v * v;
                }
            }
        }

        b2 /= (double)n * n;
        double shrinkage = d2 <= 0 ? 1.0 : Math.Min(b2, d2) / d2;
        double ridge = Math.Max(1e-9 * m, 1e-12);
        double[] covariance = new double[p * p];
        for (int i = 0; i < p; i++)
        {
            for (int j = 0; j < p; j++)
            {
                covariance[(i * p) + j] = ((1 - shrinkage) * s[(i * p) + j]) + (i == j ? (shrinkage * m) + ridge : 0);
            }
        }

        Matrix<double> sigma = Matrix<double>.Build.Dense(p, p, (i, j) => covariance[(i * p) + j]);
        Matrix<double> inverse = sigma.Cholesky().Solve(Matrix<double>.Build.DenseIdentity(p));
        double[] precision = new double[p * p];
        for (int i = 0; i < p; i++)
        {
            for (int j = 0; j < p; j++)
            {
                precision[(i * p) + j] = 0.5 * (inverse[i, j] + inverse[j, i]); // exact symmetry
            }
        }

        return (mean, covariance, precision, shrinkage);
    }

    private static void Centre(ReadOnlySpan<float> vectors, int k, double[] mean, double[] x)
    {
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = vectors[(k * x.Length) + i] - mean[i];
        }
    }
}
