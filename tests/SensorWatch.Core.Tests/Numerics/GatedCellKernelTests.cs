using SensorWatch.Core.Numerics;

namespace SensorWatch.Core.Tests.Numerics;

public sealed class GatedCellKernelTests
{
    private static readonly int[] s_batches = [1, 3];

    [Fact]
    public void Forward_EveryHiddenSize0To33_MatchesDoubleReference()
    {
        foreach (int batch in s_batches)
        {
            for (int hidden = 0; hidden <= 33; hidden++)
            {
                foreach (bool withCPrev in new[] { true, false })
                {
                    CheckForward(batch, hidden, withCPrev, seed: (batch * 100) + hidden);
                }
            }
        }
    }

    [Fact]
    public void Backward_EveryHiddenSize0To33_MatchesDoubleReference()
    {
        foreach (int batch in s_batches)
        {
            for (int hidden = 0; hidden <= 33; hidden++)
            {
                CheckBackward(batch, hidden, withCPrev: true, withDcNext: true, seed: hidden);
                CheckBackward(batch, hidden, withCPrev: false, withDcNext: false, seed: hidden + 50);
            }
        }
    }

    [Fact]
    public void ReferenceBackward_SmallShape_MatchesCentralFiniteDifferences()
    {
        // Checks the formulas themselves: loss = Σ h⊙Rh + Σ c⊙Rc, differentiated in double by central differences.
        const int B = 2, H = 3;
        double[] z = Array.ConvertAll(SeededData.Uniform(B * 4 * H, 7, 2f), v => (double)v);
        double[] cPrev = Array.ConvertAll(SeededData.Uniform(B * H, 8), v => (double)v);
        double[] rh = Array.ConvertAll(SeededData.Uniform(B * H, 9), v => (double)v);
        double[] rc = Array.ConvertAll(SeededData.Uniform(B * H, 10), v => (double)v);
        double Loss(double[] zz, double[] cp)
        {
            GatedCellReference.Forward(zz, cp, B, H, out _, out double[] c, out _, out double[] h);
            double s = 0;
            for (int i = 0; i < B * H; i++)
            {
                s += (h[i] * rh[i]) + (c[i] * rc[i]);
            }

            return s;
        }

        GatedCellReference.Forward(z, cPrev, B, H, out double[] act, out _, out double[] tanhC, out _);
        GatedCellReference.Backward(act, cPrev, tanhC, rh, rc, B, H, out double[] dz, out double[] dcPrev);
        const double Eps = 1e-6;
        for (int i = 0; i < z.Length; i++)
        {
            double keep = z[i];
            z[i] = keep + Eps;
            double up = Loss(z, cPrev);
            z[i] = keep - Eps;
            double down = Loss(z, cPrev);
            z[i] = keep;
            KernelTolerance.Near((up - down) / (2 * Eps), dz[i], 1e-7, $"dz[{i}]");
        }

        for (int i = 0; i < cPrev.Length; i++)
        {
            double keep = cPrev[i];
            cPrev[i] = keep + Eps;
            double up = Loss(z, cPrev);
            cPrev[i] = keep - Eps;
            double down = Loss(z, cPrev);
            cPrev[i] = keep;
            KernelTolerance.Near((up - down) / (2 * Eps), dcPrev[i], 1e-7, $"dcPrev[{i}]");
        }
    }

    [Fact]
    public void Forward_VectorPath_EqualsScalarPathBitwise()
    {
        const int B = 3, H = 37;
        float[] z = SeededData.Uniform(B * 4 * H, 11, 6f);
        float[] cPrev = SeededData.Uniform(B * H, 12, 3f);
        float[] zScalar = (float[])z.Clone();
        var (c, tc, h) = (new float[B * H], new float[B * H], new float[B * H]);
        var (cs, tcs, hs) = (new float[B * H], new float[B * H], new float[B * H]);
        GatedCellKernel.Forward(z, cPrev, c, tc, h, B, H);
        using (new PathScope(KernelPath.Scalar))
        {
            GatedCellKernel.Forward(zScalar, cPrev, cs, tcs, hs, B, H);
        }

        Assert.Equal(zScalar, z);
        Assert.Equal(cs, c);
        Assert.Equal(tcs, tc);
        Assert.Equal(hs, h);
    }

    [Fact]
    public void Backward_VectorPath_EqualsScalarPathBitwise()
    {
        const int B = 2, H = 41;
        float[] act = SeededData.Uniform(B * 4 * H, 13);
        float[] cPrev = SeededData.Uniform(B * H, 14);
        float[] tc = SeededData.Uniform(B * H, 15);
        float[] dh = SeededData.Uniform(B * H, 16);
        float[] dcNext = SeededData.Uniform(B * H, 17);
        var (dz, dcp) = (new float[B * 4 * H], new float[B * H]);
        var (dzs, dcps) = (new float[B * 4 * H], new float[B * H]);
        GatedCellKernel.Backward(act, cPrev, tc, dh, dcNext, dz, dcp, B, H);
        using (new PathScope(KernelPath.Scalar))
        {
            GatedCellKernel.Backward(act, cPrev, tc, dh, dcNext, dzs, dcps, B, H);
        }

        Assert.Equal(dzs, dz);
        Assert.Equal(dcps, dcp);
    }

    [Fact]
    public void Forward_NaNAndInfinitePreActivations_PropagateAndSaturate()
    {
        const int H = 9;
        float[] z = new float[4 * H];
        z[0] = float.NaN;                    // i of unit 0 → c, h NaN
        z[1] = float.PositiveInfinity;       // i of unit 1 saturates to 1
        z[H + 2] = float.NegativeInfinity;   // f of unit 2 saturates to ~0
        z[(2 * H) + 3] = float.PositiveInfinity; // g of unit 3 = 1
        float[] c = new float[H], tc = new float[H], h = new float[H];
        float[] cPrev = new float[H];
        Array.Fill(cPrev, 1f);
        GatedCellKernel.Forward(z, cPrev, c, tc, h, 1, H);
        Assert.True(float.IsNaN(z[0]) && float.IsNaN(c[0]) && float.IsNaN(h[0]));
        Assert.Equal(1f, z[1]);
        Assert.True(z[H + 2] < 1e-30f);
        Assert.Equal(1f, z[(2 * H) + 3]);
        Assert.True(float.IsFinite(c[4]) && float.IsFinite(h[4]));
    }

    [Fact]
    public void Forward_ShortBuffer_ThrowsNamingTheShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => GatedCellKernel.Forward(new float[31], default, new float[8], new float[8], new float[8], 1, 8));
        Assert.Contains("(B, 4H) = (1, 32)", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => GatedCellKernel.Forward(new float[32], new float[7], new float[8], new float[8], new float[8], 1, 8));
        Assert.Throws<ArgumentException>(() => GatedCellKernel.Backward(new float[32], default, new float[8], new float[8], default, new float[31], new float[8], 1, 8));
    }

    private static void CheckForward(int batch, int hidden, bool withCPrev, int seed)
    {
        int bh = batch * hidden;
        float[] z = SeededData.Uniform(4 * bh, seed, 5f);
        float[] cPrev = withCPrev ? SeededData.Uniform(bh, seed + 1, 2f) : [];
        float[] gates = SeededData.Guarded(4 * bh);
        z.CopyTo(SeededData.Inner(gates, 4 * bh));
        float[] c = SeededData.Guarded(bh), tc = SeededData.Guarded(bh), h = SeededData.Guarded(bh);
        GatedCellKernel.Forward(SeededData.Inner(gates, 4 * bh), cPrev, SeededData.Inner(c, bh), SeededData.Inner(tc, bh), SeededData.Inner(h, bh), batch, hidden);
        GatedCellReference.Forward(
            Array.ConvertAll(z, v => (double)v), withCPrev ? Array.ConvertAll(cPrev, v => (double)v) : new double[bh],
            batch, hidden, out double[] act, out double[] cr, out double[] tcr, out double[] hr);
        string what = $"B={batch} H={hidden} cPrev={withCPrev}";
        for (int i = 0; i < 4 * bh; i++)
        {
            KernelTolerance.Near(act[i], gates[SeededData.Guard + i], KernelTolerance.ActivationAbsolute, $"{what} gate[{i}]");
        }

        for (int i = 0; i < bh; i++)
        {
            double tol = KernelTolerance.ElementwiseRelative * (1 + Math.Abs(cr[i]));
            KernelTolerance.Near(cr[i], c[SeededData.Guard + i], tol, $"{what} c[{i}]");
            KernelTolerance.Near(tcr[i], tc[SeededData.Guard + i], tol, $"{what} tanhC[{i}]");
            KernelTolerance.Near(hr[i], h[SeededData.Guard + i], tol, $"{what} h[{i}]");
        }

        SeededData.AssertGuardsIntact(gates, 4 * bh, what + " gates");
        SeededData.AssertGuardsIntact(c, bh, what + " c");
        SeededData.AssertGuardsIntact(tc, bh, what + " tanhC");
        SeededData.AssertGuardsIntact(h, bh, what + " h");
    }

    private static void CheckBackward(int batch, int hidden, bool withCPrev, bool withDcNext, int seed)
    {
        int bh = batch * hidden;
        float[] act = SeededData.Uniform(4 * bh, seed);
        float[] cPrev = withCPrev ? SeededData.Uniform(bh, seed + 1, 2f) : [];
        float[] tc = SeededData.Uniform(bh, seed + 2);
        float[] dh = SeededData.Uniform(bh, seed + 3);
        float[] dcNext = withDcNext ? SeededData.Uniform(bh, seed + 4) : [];
        float[] dz = SeededData.Guarded(4 * bh), dcp = SeededData.Guarded(bh);
        GatedCellKernel.Backward(act, cPrev, tc, dh, dcNext, SeededData.Inner(dz, 4 * bh), SeededData.Inner(dcp, bh), batch, hidden);
        static double[] D(float[] v, int n) => v.Length == 0 ? new double[n] : Array.ConvertAll(v, x => (double)x);
        GatedCellReference.Backward(D(act, 4 * bh), D(cPrev, bh), D(tc, bh), D(dh, bh), D(dcNext, bh), batch, hidden, out double[] dzr, out double[] dcpr);
        string what = $"B={batch} H={hidden} cPrev={withCPrev} dcNext={withDcNext}";
        for (int i = 0; i < 4 * bh; i++)
        {
            KernelTolerance.Near(dzr[i], dz[SeededData.Guard + i], KernelTolerance.ElementwiseRelative * (1 + Math.Abs(dzr[i])), $"{what} dz[{i}]");
        }

        for (int i = 0; i < bh; i++)
        {
            KernelTolerance.Near(dcpr[i], dcp[SeededData.Guard + i], KernelTolerance.ElementwiseRelative * (1 + Math.Abs(dcpr[i])), $"{what} dcPrev[{i}]");
        }

        SeededData.AssertGuardsIntact(dz, 4 * bh, what + " dGates");
        SeededData.AssertGuardsIntact(dcp, bh, what + " dcPrev");
    }
}
