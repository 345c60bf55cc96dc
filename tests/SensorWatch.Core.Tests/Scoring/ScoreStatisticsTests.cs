using SensorWatch.Core.Scoring;
using SensorWatch.Core.Thresholds;

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

    [Theory]
    [InlineData(ScoreMode.Mahalanobis)]
    [InlineData(ScoreMode.MeanSquaredError)]
    public void Score_WithResidualPredictor_IsTheLargerOfTheScaledPartsWithThatPartsContributions(ScoreMode mode)
    {
        float[] validation = Smooth(Noise(200, seed: 4), feature: 1, new Random(6));
        ScoreStatistics perStep = ScoreStatistics.Fit(mode, validation, T, D, 0);
        ScoreStatistics combined = ScoreStatistics.Fit(mode, validation, T, D, 0, residualLags: 2);
        ResidualPredictor residual = Assert.IsType<ResidualPredictor>(combined.Residual);
        Assert.Null(perStep.Residual);

        // The scales are the 0.99 quantiles of each part's validation scores.
        double[] stepScores = new double[200], residualScores = new double[200];
        for (int n = 0; n < 200; n++)
        {
            ReadOnlySpan<float> window = validation.AsSpan(n * T * D, T * D);
            stepScores[n] = perStep.Score(window, new float[D], new double[2 * D]);
            residualScores[n] = residual.Score(window, T, new double[D]);
        }

        Assert.Equal(ThresholdCalibrator.Quantile([.. stepScores.Order()], 0.01), combined.ErrorScale, 1e-12);
        Assert.Equal(ThresholdCalibrator.Quantile([.. residualScores.Order()], 0.01), combined.ResidualScale, 1e-12);

        // A window whose smooth feature 1 alternates sign (normal per-step size, unpredictable by the fit): the residual part wins.
        float[] alternating = Smooth(Noise(1, seed: 9), feature: 1, new Random(7));
        for (int t = 0; t < T; t++)
        {
            alternating[(t * D) + 1] = t % 2 == 0 ? 0.3f : -0.3f;
        }

        foreach (float[] window in new[] { Smooth(Noise(1, seed: 8), feature: 1, new Random(8)), alternating })
        {
            float[] shares = new float[D];
            double score = combined.Score(window, shares, new double[3 * D]);
            float[] stepShares = new float[D];
            double[] residualShares = new double[D];
            double e = perStep.Score(window, stepShares, new double[2 * D]) / combined.ErrorScale;
            double r = residual.Score(window, T, residualShares) / combined.ResidualScale;
            Assert.Equal(Math.Max(e, r), score, 1e-12);
            float[] expected = r > e ? [.. residualShares.Select(x => (float)(x / residualShares.Sum()))] : stepShares;
            Assert.Equal(expected, shares, (x, y) => Math.Abs(x - y) < 1e-6);
        }

        float[] top = new float[D];
        Assert.True(combined.Score(alternating, top, new double[3 * D]) > 3, "the alternating window is far above the residual part's scale");
        Assert.True(top[1] > 0.5f, "feature 1 carries the residual part's contribution");
    }

    /// <summary>Replaces <paramref name="feature"/> of windows (N, T, D) by a smooth AR(1) series e_t = 0.95 e_{t−1} + 0.1 n_t.</summary>
    private static float[] Smooth(float[] windows, int feature, Random random)
    {
        for (int w = 0; w < windows.Length / (T * D); w++)
        {
            double x = 0.3 * ((random.NextDouble() * 2) - 1);
            for (int t = 0; t < T; t++)
            {
                x = (0.95 * x) + (0.1 * ((random.NextDouble() * 2) - 1) * Math.Sqrt(3));
                windows[(((w * T) + t) * D) + feature] = (float)x;
            }
        }

        return windows;
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
