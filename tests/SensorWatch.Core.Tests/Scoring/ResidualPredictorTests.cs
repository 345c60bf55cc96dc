using SensorWatch.Core.Scoring;

namespace SensorWatch.Core.Tests.Scoring;

public sealed class ResidualPredictorTests
{
    private const double RelativeTolerance = 1e-5; // scoring computes the innovations in float32

    [Fact]
    public void Fit_Ar2ErrorsPerFeature_RecoversEachFeaturesCoefficients()
    {
        // feature 0: e_t = 1.5 e_{t−1} − 0.7 e_{t−2} + n; feature 1: e_t = 0.5 e_{t−1} + n (a₂ = 0).
        double[][] truth = [[1.5, -0.7], [0.5, 0.0]];
        float[] errors = ArErrors(windows: 200, t: 48, truth, noise: 0.1, seed: 3);

        ResidualPredictor predictor = ResidualPredictor.Fit(errors, 48, 2, lags: 2);

        for (int d = 0; d < 2; d++)
        {
            Assert.InRange(predictor.Coefficients[d * 2], truth[d][0] - 0.05, truth[d][0] + 0.05);
            Assert.InRange(predictor.Coefficients[(d * 2) + 1], truth[d][1] - 0.05, truth[d][1] + 0.05);
            Assert.InRange(predictor.InnovationVariance[d], 0.01 * 0.85, 0.01 * 1.15); // the driving noise, σ² = 0.01
            Assert.InRange(predictor.InnovationMean[d], -0.01, 0.01);
        }
    }

    [Theory]
    [InlineData(0, 20, 3, 4)]
    [InlineData(5, 20, 3, 4)]
    [InlineData(20, 20, 3, 4)]
    [InlineData(7, 20, 8, 1)]
    [InlineData(0, 100, 64, 32)] // (T − p + 1)·D > 4,096 floats: the rented buffer instead of the stack
    public void Score_RandomPredictor_MatchesNaiveDoubleReference(int tail, int T, int D, int P)
    {
        Random random = new(11);
        double[] a = [.. Enumerable.Range(0, D * P).Select(_ => random.NextDouble() - 0.5)];
        double[] m = [.. Enumerable.Range(0, D).Select(_ => (random.NextDouble() - 0.5) * 0.1)];
        double[] v = [.. Enumerable.Range(0, D).Select(_ => 0.1 + random.NextDouble())];
        float[] e = [.. Enumerable.Range(0, T * D).Select(_ => (float)(random.NextDouble() - 0.5))];
        ResidualPredictor predictor = new(P, D, T, a, m, v);
        double[] contributions = new double[D];

        double score = predictor.Score(e, tail == 0 ? T : tail, contributions);

        // Naive: every step t ≥ max(p, T − tail), r = e_t − Σ_k a_k e_{t−k}, z = (r − m)²/v summed over d, averaged over steps.
        int from = Math.Max(P, T - (tail == 0 ? T : tail));
        double total = 0;
        double[] expected = new double[D];
        for (int t = from; t < T; t++)
        {
            for (int d = 0; d < D; d++)
            {
                double r = e[(t * D) + d];
                for (int k = 1; k <= P; k++)
                {
                    r -= a[(d * P) + k - 1] * e[((t - k) * D) + d];
                }

                double z = (r - m[d]) * (r - m[d]) / v[d];
                total += z;
                expected[d] += z;
            }
        }

        Assert.Equal(total / (T - from), score, RelativeTolerance * total / (T - from));
        for (int d = 0; d < D; d++)
        {
            Assert.Equal(expected[d], contributions[d], RelativeTolerance * Math.Max(expected[d], 1));
        }
    }

    [Theory]
    [InlineData(6.0)]
    [InlineData(24.0)]
    public void Score_OscillationPeriodChanged_ScoresFarAboveNormalWindows(double changedPeriod)
    {
        // The cold-start model leaves the vibration's 12-row oscillation in its error: a fitted predictor explains it,
        // the same amplitude at another period is unexplained.
        const int T = 64;
        Random random = new(5);
        float[] normal = Oscillation(windows: 100, T, period: 12, random);
        ResidualPredictor predictor = ResidualPredictor.Fit(normal, T, 1, lags: 16);
        double[] scratch = new double[1];
        double normalMax = Enumerable.Range(0, 20).Max(_ => predictor.Score(Oscillation(1, T, 12, random), T, scratch));

        double changed = predictor.Score(Oscillation(1, T, changedPeriod, random), T, scratch);

        Assert.InRange(normalMax, 0.5, 2.5); // (r − m)²/v has mean 1 on normal data
        Assert.True(changed > 10 * normalMax, $"period {changedPeriod}: residual score {changed:G3}, normal windows at most {normalMax:G3}");
    }

    [Fact]
    public void Score_ImputedCellsMarkedMissing_SkipsTheInnovationsThatInvolveThem()
    {
        // The scorer sets an imputed cell's error to 0: unmarked, the gap in the oscillation looks like an anomaly.
        const int T = 64;
        Random random = new(8);
        ResidualPredictor predictor = ResidualPredictor.Fit(Oscillation(100, T, 12, random), T, 1, lags: 16);
        float[] window = Oscillation(1, T, 12, random);
        bool[] missing = new bool[T];
        for (int s = 40; s < 46; s++)
        {
            window[s] = 0f;
            missing[s] = true;
        }

        double[] scratch = new double[1];
        double unmarked = predictor.Score(window, T, scratch);
        double marked = predictor.Score(window, T, scratch, missing);

        Assert.InRange(marked, 0.0, 2.5);
        Assert.True(unmarked > 10 * marked, $"unmarked gap {unmarked:G3}, marked {marked:G3}");
    }

    [Fact]
    public void Constructor_ShapesOrVariancesWrong_ThrowsNamingTheSizes()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new ResidualPredictor(2, 2, 8, new double[3], new double[2], [1.0, 1.0]));
        Assert.Contains("coefficients 3", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new ResidualPredictor(2, 2, 8, new double[4], new double[2], [1.0, 0.0]));
        Assert.Throws<ArgumentException>(() => new ResidualPredictor(0, 2, 8, [], new double[2], [1.0, 1.0]));
        Assert.Throws<ArgumentException>(() => new ResidualPredictor(8, 2, 8, new double[16], new double[2], [1.0, 1.0])); // p must be < T
        Assert.Throws<ArgumentException>(() => ResidualPredictor.Fit(new float[2 * 8], 8, 2, lags: 8));
    }

    /// <summary>(N, T, D) AR errors, each window started from a burn-in so it is stationary.</summary>
    private static float[] ArErrors(int windows, int t, double[][] coefficients, double noise, int seed)
    {
        Random random = new(seed);
        int d = coefficients.Length;
        float[] errors = new float[windows * t * d];
        for (int f = 0; f < d; f++)
        {
            for (int w = 0; w < windows; w++)
            {
                double previous = 0, beforePrevious = 0;
                for (int s = -50; s < t; s++)
                {
                    double x = (coefficients[f][0] * previous) + (coefficients[f][1] * beforePrevious) + (noise * Gaussian(random));
                    (beforePrevious, previous) = (previous, x);
                    if (s >= 0)
                    {
                        errors[(((w * t) + s) * d) + f] = (float)x;
                    }
                }
            }
        }

        return errors;
    }

    /// <summary>(N, T, 1): sin(2πt/period + random phase) + noise 0.05.</summary>
    private static float[] Oscillation(int windows, int t, double period, Random random)
    {
        float[] values = new float[windows * t];
        for (int w = 0; w < windows; w++)
        {
            double phase = random.NextDouble() * 2 * Math.PI;
            for (int s = 0; s < t; s++)
            {
                values[(w * t) + s] = (float)(Math.Sin((2 * Math.PI * s / period) + phase) + (0.05 * Gaussian(random)));
            }
        }

        return values;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
