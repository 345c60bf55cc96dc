using SensorWatch.Core.Numerics;

namespace SensorWatch.Core.Tests.Numerics;

public sealed class GemmTests
{
    private static readonly int[] s_sizes = [1, 7, 17, 33, 65];

    // Shapes with 257 on at least one axis (the full 6³ cube is too slow for the double reference).
    private static readonly (int M, int K, int N)[] s_largeShapes =
        [(257, 7, 33), (1, 257, 65), (17, 33, 257), (257, 65, 17), (65, 1, 257), (257, 72, 256), (6, 257, 7), (2, 17, 257)];

    public enum Form
    {
        Multiply,
        TransposeB,
        TransposeA,
        AddBias,
        Packed,
        PackedBias,
    }

    public static TheoryData<Form, string> FormsAndPaths()
    {
        var data = new TheoryData<Form, string>();
        foreach (Form form in Enum.GetValues<Form>())
        {
            foreach (KernelPath path in Enum.GetValues<KernelPath>())
            {
                data.Add(form, path.ToString());
            }
        }

        return data;
    }

    [Fact]
    public void Multiply_TwoByTwo_MatchesHandComputedProduct()
    {
        float[] a = [1, 2, 3, 4];
        float[] b = [5, 6, 7, 8];
        float[] c = new float[4];
        Gemm.Multiply(a, b, c, 2, 2, 2);
        Assert.Equal([19f, 22f, 43f, 50f], c);
    }

    [Theory]
    [MemberData(nameof(FormsAndPaths))]
    public void Form_OddShapes_MatchesDoubleReferenceWithoutWritingOutside(Form form, string pathName)
    {
        KernelPath path = Enum.Parse<KernelPath>(pathName);
        using var scope = new PathScope(path);
        int seed = 0;
        foreach (int m in s_sizes)
        {
            foreach (int k in s_sizes)
            {
                foreach (int n in s_sizes)
                {
                    Check(form, m, k, n, accumulate: (seed & 1) == 1, seed++);
                }
            }
        }

        // The 257 shapes on the production path only (the fallbacks share its packing and epilogue).
        if (path == KernelPath.Auto)
        {
            foreach ((int m, int k, int n) in s_largeShapes)
            {
                Check(form, m, k, n, accumulate: (seed & 1) == 1, seed++);
            }
        }
    }

    [Theory]
    [MemberData(nameof(FormsAndPaths))]
    public void Form_DegenerateShapes_MatchesDoubleReference(Form form, string pathName)
    {
        KernelPath path = Enum.Parse<KernelPath>(pathName);
        using var scope = new PathScope(path);
        int seed = 1000;
        foreach (int m in new[] { 0, 1, 2, 3, 5, 6 })
        {
            foreach (int k in new[] { 0, 1, 2 })
            {
                foreach (int n in new[] { 0, 1, 15, 16, 17, 63, 64, 65 })
                {
                    Check(form, m, k, n, accumulate: false, seed++);
                    Check(form, m, k, n, accumulate: true, seed++);
                }
            }
        }
    }

    [Fact]
    public void Multiply_NaNAndInfinityInInputs_PropagateToTheirRowAndColumn()
    {
        const int M = 8, K = 9, N = 40;
        float[] a = SeededData.Uniform(M * K, 1);
        float[] b = SeededData.Uniform(K * N, 2);
        a[(3 * K) + 4] = float.NaN;             // row 3 of C becomes NaN
        b[(2 * N) + 35] = float.PositiveInfinity; // column 35 becomes ±∞ (or NaN in row 3)
        float[] c = new float[M * N];
        Array.Fill(c, float.NaN);               // not accumulating: C's old contents must not leak in
        Gemm.Multiply(a, b, c, M, K, N);
        for (int i = 0; i < M; i++)
        {
            for (int j = 0; j < N; j++)
            {
                float v = c[(i * N) + j];
                if (i == 3)
                {
                    Assert.True(float.IsNaN(v), $"C[{i},{j}] = {v}");
                }
                else if (j == 35)
                {
                    Assert.True(float.IsInfinity(v), $"C[{i},{j}] = {v}");
                }
                else
                {
                    Assert.True(float.IsFinite(v), $"C[{i},{j}] = {v}");
                }
            }
        }
    }

    [Fact]
    public void Multiply_ShortSpans_ThrowNamingTheShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => Gemm.Multiply(new float[5], new float[6], new float[6], 2, 3, 2));
        Assert.Contains("(M, K) = (2, 3)", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<ArgumentException>(() => Gemm.MultiplyTransposeB(new float[6], new float[5], new float[4], 2, 3, 2));
        Assert.Contains("(N, K) = (2, 3)", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<ArgumentException>(() => Gemm.MultiplyTransposeA(new float[6], new float[6], new float[3], 2, 3, 2));
        Assert.Contains("(M, N) = (2, 2)", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Gemm.MultiplyAddBias(new float[6], new float[6], new float[3], new float[4], 2, 3, 2));
        Assert.ThrowsAny<ArgumentException>(() => Gemm.Multiply(new float[6], new float[6], new float[6], -1, 3, 2));
        PackedMatrix packed = PackedMatrix.Pack(new float[6], 3, 2);
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(new float[5], packed, new float[4], 2));
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(new float[6], packed, new float[4], 2, bias: new float[3]));
        Assert.Throws<ArgumentException>(() => packed.Repack(new float[5]));
    }

    [Fact]
    public void Repack_NewValues_ProductUsesThem()
    {
        PackedMatrix packed = PackedMatrix.Pack([1, 2, 3, 4], 2, 2);
        float[] c = new float[2];
        packed.Repack([0, 1, 1, 0]);
        Gemm.Multiply([5f, 7f], packed, c, 1);
        Assert.Equal([7f, 5f], c);
    }

    private static void Check(Form form, int m, int k, int n, bool accumulate, int seed)
    {
        bool transposeA = form == Form.TransposeA;
        bool transposeB = form == Form.TransposeB;
        bool hasBias = form is Form.AddBias or Form.PackedBias;
        if (form == Form.AddBias)
        {
            accumulate = false;   // MultiplyAddBias has no accumulate flag
        }

        float[] a = SeededData.Uniform(m * k, seed, 2f);
        float[] b = SeededData.Uniform(k * n, seed + 7, 3f);
        float[] bias = hasBias ? SeededData.Uniform(n, seed + 13) : [];
        float[] c0 = SeededData.Uniform(m * n, seed + 17);
        float[] c = SeededData.Guarded(m * n);
        if (accumulate)
        {
            c0.CopyTo(SeededData.Inner(c, m * n));
        }

        Span<float> cs = SeededData.Inner(c, m * n);
        switch (form)
        {
            case Form.Multiply:
                Gemm.Multiply(a, b, cs, m, k, n, accumulate);
                break;
            case Form.TransposeB:
                Gemm.MultiplyTransposeB(a, b, cs, m, k, n, accumulate);
                break;
            case Form.TransposeA:
                Gemm.MultiplyTransposeA(a, b, cs, m, k, n, accumulate);
                break;
            case Form.AddBias:
                Gemm.MultiplyAddBias(a, b, bias, cs, m, k, n);
                break;
            default:
                Gemm.Multiply(a, PackedMatrix.Pack(b, k, n), cs, m, accumulate, bias);
                break;
        }

        string what = $"{form} M={m} K={k} N={n} acc={accumulate} path={KernelDispatch.ForcedPath}";
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0, magnitude = 0;
                for (int p = 0; p < k; p++)
                {
                    double x = transposeA ? a[(p * m) + i] : a[(i * k) + p];
                    double y = transposeB ? b[(j * k) + p] : b[(p * n) + j];
                    sum += x * y;
                    magnitude += Math.Abs(x * y);
                }

                if (hasBias)
                {
                    sum += bias[j];
                    magnitude += Math.Abs(bias[j]);
                }

                if (accumulate)
                {
                    sum += c0[(i * n) + j];
                    magnitude += Math.Abs(c0[(i * n) + j]);
                }

                KernelTolerance.Near(sum, cs[(i * n) + j], KernelTolerance.Dot(k + 2, magnitude), () => $"{what} C[{i},{j}]");
            }
        }

        SeededData.AssertGuardsIntact(c, m * n, what);
    }
}
