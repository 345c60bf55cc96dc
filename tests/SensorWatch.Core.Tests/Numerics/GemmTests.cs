using SensorWatch.Core.Numerics;

namespace SensorWatch.Core.Tests.Numerics;

public sealed class GemmTests
{
    [Fact]
    public void Multiply_TwoByTwo_MatchesHandComputedProduct()
    {
        float[] a = [1, 2, 3, 4];
        float[] b = [5, 6, 7, 8];
        float[] c = new float[4];
        Gemm.Multiply(a, b, c, 2, 2, 2);
        Assert.Equal([19f, 22f, 43f, 50f], c);
    }
}
