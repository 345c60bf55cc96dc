using SensorWatch.Core.Numerics;

namespace SensorWatch.Core.Tests.Numerics;

public sealed class ActivationsTests
{
    private delegate void Kernel(ReadOnlySpan<float> x, Span<float> y);

    [Fact]
    public void Sigmoid_EveryLength0To33_MatchesDoubleReferenceWithoutWritingOutside() =>
        CheckLengths(Activations.Sigmoid, GatedCellReference.Sigmoid, "sigmoid");

    [Fact]
    public void Tanh_EveryLength0To33_MatchesDoubleReferenceWithoutWritingOutside() =>
        CheckLengths(Activations.Tanh, Math.Tanh, "tanh");

    [Fact]
    public void Sigmoid_DenseSweep_ErrorWithinDocumentedBound()
    {
        // Above −87 the result is a normal float and the relative bound holds; below, exp is clamped and the
        // result is ~6e−39 (absolute error below 1e−38).
        (double abs, double rel) = MaxErrors(Activations.Sigmoid, GatedCellReference.Sigmoid, relativeFrom: -87);
        Assert.True(abs <= KernelTolerance.ActivationAbsolute, $"sigmoid max abs error {abs:E2}");
        Assert.True(rel <= KernelTolerance.ActivationRelative, $"sigmoid max rel error {rel:E2}");
    }

    [Fact]
    public void Tanh_DenseSweep_ErrorWithinDocumentedBound()
    {
        (double abs, double rel) = MaxErrors(Activations.Tanh, Math.Tanh, relativeFrom: double.NegativeInfinity);
        Assert.True(abs <= KernelTolerance.ActivationAbsolute, $"tanh max abs error {abs:E2}");
        Assert.True(rel <= KernelTolerance.ActivationRelative, $"tanh max rel error {rel:E2}");
    }

    [Fact]
    public void Activations_SpecialValues_PropagateNaNAndSaturate()
    {
        float[] x = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1e30f, -1e30f, 0f, 100f, -100f, 9f];
        float[] s = new float[x.Length], t = new float[x.Length];
        Activations.Sigmoid(x, s);
        Activations.Tanh(x, t);
        Assert.True(float.IsNaN(s[0]) && float.IsNaN(t[0]));
        Assert.Equal([1f, 1f, 0.5f, 1f], [s[1], s[3], s[5], s[6]]);
        Assert.True(s[2] < 1e-38f && s[4] < 1e-38f && s[7] < 1e-38f && s[2] >= 0f);
        Assert.Equal([1f, -1f, 1f, -1f, 0f, 1f, -1f], [t[1], t[2], t[3], t[4], t[5], t[6], t[7]]);
    }

    [Fact]
    public void Activations_InPlace_SameAsOutOfPlace()
    {
        float[] x = SeededData.Uniform(29, 3, 8f);
        float[] expected = new float[x.Length];
        Activations.Tanh(x, expected);
        Activations.Tanh(x, x);
        Assert.Equal(expected, x);
    }

    [Fact]
    public void Activations_VectorPath_EqualsScalarPathBitwise()
    {
        float[] x = SeededData.Uniform(1000, 5, 30f);
        x[17] = float.NaN;
        x[18] = -0f;
        x[19] = 1e-20f;
        foreach (Kernel kernel in new Kernel[] { Activations.Sigmoid, Activations.Tanh })
        {
            float[] vector = new float[x.Length], scalar = new float[x.Length];
            kernel(x, vector);
            using (new PathScope(KernelPath.Scalar))
            {
                kernel(x, scalar);
            }

            Assert.Equal(scalar, vector);
        }
    }

    [Fact]
    public void Activations_ShortOutput_Throws()
    {
        Assert.Throws<ArgumentException>(() => Activations.Sigmoid(new float[5], new float[4]));
        Assert.Throws<ArgumentException>(() => Activations.Tanh(new float[5], new float[4]));
    }

    private static void CheckLengths(Kernel kernel, Func<double, double> reference, string name)
    {
        for (int length = 0; length <= 33; length++)
        {
            float[] x = SeededData.Uniform(length, length, 10f);
            float[] y = SeededData.Guarded(length);
            kernel(x, SeededData.Inner(y, length));
            for (int i = 0; i < length; i++)
            {
                KernelTolerance.Near(reference(x[i]), y[SeededData.Guard + i], KernelTolerance.ActivationAbsolute, $"{name} length {length} [{i}]");
            }

            SeededData.AssertGuardsIntact(y, length, $"{name} length {length}");
        }
    }

    /// <summary>Max abs and rel error over [−30, 30] in steps of 1e−4 plus a geometric sweep of ±[1e−30, 100].</summary>
    private static (double Abs, double Rel) MaxErrors(Kernel kernel, Func<double, double> reference, double relativeFrom)
    {
        var xs = new List<float>(700_000);
        for (int i = -300_000; i <= 300_000; i++)
        {
            xs.Add(i * 1e-4f);
        }

        for (float v = 1e-30f; v < 100f; v *= 1.001f)
        {
            xs.Add(v);
            xs.Add(-v);
        }

        float[] x = [.. xs];
        float[] y = new float[x.Length];
        kernel(x, y);
        double maxAbs = 0, maxRel = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double r = reference(x[i]);
            double e = Math.Abs(y[i] - r);
            maxAbs = Math.Max(maxAbs, e);
            if (r != 0 && x[i] >= relativeFrom)
            {
                maxRel = Math.Max(maxRel, e / Math.Abs(r));
            }
        }

        return (maxAbs, maxRel);
    }
}
