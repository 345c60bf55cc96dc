using SensorWatch.Core.Scoring;

namespace SensorWatch.Core.Tests.Scoring;

public sealed class ScoreStatisticsTests
{
    private const int T = 6;
    private const int D = 4;

    [Fact]
    public void Score_MeanSquaredAndMaxStep_MatchHandComputedValues()
    {
        float[] errors = new float[T * D];
        errors[(5 * D) + 2] = 2; // one step with e² = 4 in one feature
        errors[(1 * D) + 0] = 1;
        double[] scratch = new double[2 * D];
        float[] contributions = new float[D];
        ScoreStatistics mse = ScoreStatistics.Fit(ScoreMode.MeanSquaredError, Noise(50, 1), T, D, 0);
        Assert.Equal(5.0 / (T * D), mse.Score(errors, contributions, scratch), 12);
        Assert.Equal(0.8f, contributions[2], 6);
        Assert.Equal(0.2f, contributions[0], 6);
        ScoreStatistics max = ScoreStatistics.Fit(ScoreMode.MaxStepError, Noise(50, 1), T, D, 0);
        Assert.Equal(4.0 / D, max.Score(errors, contributions, scratch), 12);
        ScoreStatistics tail = ScoreStatistics.Fit(ScoreMode.MeanSquaredError, Noise(50, 1), T, D, 2);
        Assert.Equal(4.0 / (2 * D), tail.Score(errors, contributions, scratch), 12);
    }

    [Fact]
    public void Score_Mahalanobis_MatchesNaiveDoubleReference()
    {
        float[] validation = Noise(200, 7, correlate: true);
        ScoreStatistics statistics = ScoreStatistics.Fit(ScoreMode.Mahalanobis, validation, T, D, 0);
        // Reference: the same shrunk covariance rebuilt naively, inverted by Gauss–Jordan, distance in double.
        double[] covariance = NaiveShrunkCovariance(validation, out double[] mean, statistics.Shrinkage);
        double[] inverse = GaussJordanInverse(covariance, D);
        float[] window = Noise(1, 99, correlate: false);
        double expected = 0;
        for (int t = 0; t < T; t++)
        {
            double[] u = [.. Enumerable.Range(0, D).Select(d => window[(t * D) + d] - mean[d])];
            for (int i = 0; i < D; i++)
            {
                for (int j = 0; j < D; j++)
                {
                    expected += u[i] * inverse[(i * D) + j] * u[j];
                }
            }
        }

        expected /= T;
        float[] contributions = new float[D];
        double actual = statistics.Score(window, contributions, new double[2 * D]);
        Assert.Equal(expected, actual, 1e-6 * expected);
        Assert.Equal(1f, contributions.Sum(), 1e-5f);
    }

    [Fact]
    public void Fit_MahalanobisWithConstantFeature_StaysFinite()
    {
        float[] validation = Noise(100, 5);
        for (int i = 1; i < validation.Length; i += D)
        {
            validation[i] = 0.25f; // feature 1 constant: a singular sample covariance
        }

        ScoreStatistics statistics = ScoreStatistics.Fit(ScoreMode.Mahalanobis, validation, T, D, 0);
        double score = statistics.Score(Noise(1, 6), new float[D], new double[2 * D]);
        Assert.True(double.IsFinite(score) && score > 0);
        Assert.True(statistics.Shrinkage > 0);
    }

    [Fact]
    public void Score_GaussianNll_MatchesClosedForm()
    {
        float[] validation = Noise(300, 11);
        ScoreStatistics statistics = ScoreStatistics.Fit(ScoreMode.GaussianNll, validation, T, D, 0);
        float[] window = new float[T * D];
        double expected = 0;
        for (int d = 0; d < D; d++)
        {
            double mu = statistics.ErrorMean[d], variance = statistics.ErrorVariance[d];
            expected += 0.5 * ((mu * mu / variance) + Math.Log(2 * Math.PI * variance));
        }

        Assert.Equal(expected, statistics.Score(window, new float[D], new double[2 * D]), 1e-9);
    }

    private static float[] Noise(int windows, int seed, bool correlate = false)
    {
        Random random = new(seed);
        float[] values = new float[windows * T * D];
        for (int i = 0; i < values.Length; i += D)
        {
            for (int d = 0; d < D; d++)
            {
                values[i + d] = (float)(((random.NextDouble() * 2) - 1) * (d + 1));
            }

            if (correlate)
            {
                values[i + 3] = (0.9f * values[i]) + (0.1f * values[i + 3]);
            }
        }

        return values;
    }

    private static double[] NaiveShrunkCovariance(float[] vectors, out double[] mean, double shrinkage)
    {
        int n = vectors.Length / D;
        mean = new double[D];
        for (int k = 0; k < n; k++)
        {
            for (int d = 0; d < D; d++)
            {
                mean[d] += vectors[(k * D) + d] / (double)n;
            }
        }

        double[] s = new double[D * D];
        for (int k = 0; k < n; k++)
        {
            for (int i = 0; i < D; i++)
            {
                for (int j = 0; j < D; j++)
                {
                    s[(i * D) + j] += (vectors[(k * D) + i] - mean[i]) * (vectors[(k * D) + j] - mean[j]) / n;
                }
            }
        }

        double m = Enumerable.Range(0, D).Sum(i => s[(i * D) + i]) / D;
        return [.. s.Select((v, index) => ((1 - shrinkage) * v) + ((index / D) == (index % D) ? (shrinkage * m) + (1e-9 * m) : 0))];
    }

    private static double[] GaussJordanInverse(double[] matrix, int n)
    {
        double[] a = [.. matrix];
        double[] inverse = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            inverse[(i * n) + i] = 1;
        }

        for (int c = 0; c < n; c++)
        {
            double pivot = a[(c * n) + c];
            for (int j = 0; j < n; j++)
            {
                a[(c * n) + j] /= pivot;
                inverse[(c * n) + j] /= pivot;
            }

            for (int r = 0; r < n; r++)
            {
                if (r == c)
                {
                    continue;
                }

                double f = a[(r * n) + c];
                for (int j = 0; j < n; j++)
                {
                    a[(r * n) + j] -= f * a[(c * n) + j];
                    inverse[(r * n) + j] -= f * inverse[(c * n) + j];
                }
            }
        }

        return inverse;
    }
}
