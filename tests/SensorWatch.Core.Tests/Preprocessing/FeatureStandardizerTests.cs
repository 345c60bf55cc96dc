using SensorWatch.Core.Preprocessing;

namespace SensorWatch.Core.Tests.Preprocessing;

public sealed class FeatureStandardizerTests
{
    [Fact]
    public void Fit_RandomRows_MatchesNaiveMeanAndStd()
    {
        Random random = new(3);
        const int N = 500, D = 3;
        float[] rows = new float[N * D];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = (float)((random.NextDouble() * (i % D + 1)) + (1000 * (i % D)));
        }

        FeatureStandardizer standardizer = FeatureStandardizer.Fit(rows, D);
        for (int d = 0; d < D; d++)
        {
            double[] column = [.. Enumerable.Range(0, N).Select(r => (double)rows[(r * D) + d])];
            double mean = column.Average();
            double std = Math.Sqrt(column.Select(x => (x - mean) * (x - mean)).Sum() / N);
            Assert.Equal(mean, standardizer.Means[d], 1e-6 * Math.Max(1, Math.Abs(mean)));
            Assert.Equal(std, standardizer.Scales[d], 1e-6);
        }
    }

    [Fact]
    public void Fit_ConstantColumn_GetsPositiveFloorAndFiniteOutput()
    {
        float[] rows = [1, 5, 2, 5, 3, 5, 4, 5];
        FeatureStandardizer standardizer = FeatureStandardizer.Fit(rows, 2);
        Assert.True(standardizer.Scales[1] > 0);
        Assert.Equal(FeatureStandardizer.RelativeFloor * standardizer.Scales[0], standardizer.Scales[1], 1e-12);
        float[] test = [2.5f, 6f];
        standardizer.Transform(test);
        Assert.Equal(standardizer.Clip, test[1]);
        Assert.True(float.IsFinite(test[0]));
    }

    [Fact]
    public void Transform_NaNCell_StaysNaNAndInverseRoundTrips()
    {
        float[] rows = [1, 10, 2, 20, 3, 30, float.NaN, 40];
        FeatureStandardizer standardizer = FeatureStandardizer.Fit(rows, 2);
        Assert.Equal(2.0, standardizer.Means[0], 12);
        float[] values = [2.5f, float.NaN, 1.5f, 35f];
        float[] copy = [.. values];
        standardizer.Transform(values);
        Assert.True(float.IsNaN(values[1]));
        standardizer.InverseTransform(values);
        Assert.Equal(copy[0], values[0], 1e-5f);
        Assert.Equal(copy[3], values[3], 1e-4f);
    }
}
