using SensorWatch.Core.Thresholds;

namespace SensorWatch.Core.Tests.Thresholds;

public sealed class GeneralizedParetoFitTests
{
    [Theory]
    [InlineData(2.0, 0.3)]
    [InlineData(1.0, -0.2)]
    [InlineData(0.5, 0.0)]
    public void Fit_SamplesFromKnownGpd_RecoversScaleAndShape(double scale, double shape)
    {
        Random random = new(5);
        double[] samples = [.. Enumerable.Range(0, 20_000).Select(_ =>
        {
            double u = 1 - random.NextDouble();
            return Math.Abs(shape) < 1e-12 ? -scale * Math.Log(u) : scale / shape * (Math.Pow(u, -shape) - 1); // inverse CDF
        })];
        (double fittedScale, double fittedShape, string method) = GeneralizedParetoFit.Fit(samples);
        Assert.Equal("mle", method);
        Assert.InRange(fittedScale, 0.95 * scale, 1.05 * scale);
        Assert.InRange(fittedShape, shape - 0.04, shape + 0.04);
    }

    [Fact]
    public void NegativeLogLikelihood_OutsideSupport_IsInfinite()
    {
        Assert.Equal(double.PositiveInfinity, GeneralizedParetoFit.NegativeLogLikelihood([10.0], 0, -0.5));
    }
}
