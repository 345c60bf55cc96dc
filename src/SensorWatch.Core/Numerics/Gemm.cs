namespace SensorWatch.Core.Numerics;

/// <summary>
/// Row-major single-precision matrix products. Legend: A is (M, K), B is (K, N), C is (M, N),
/// all dense and row-major with no padding between rows.
/// </summary>
/// <remarks>
/// CONTRACT (first cut): these are naive reference loops with the final signatures.
/// The kernel work replaces the bodies with the Vector256+FMA / Vector / scalar-tail paths.
/// NaN and infinities propagate as in IEEE arithmetic; no value is checked.
/// </remarks>
public static class Gemm
{
    /// <summary>C = A·B, or C += A·B when <paramref name="accumulate"/>. A (M,K), B (K,N), C (M,N).</summary>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        Validate(a.Length, m * k, b.Length, k * n, c.Length, m * n);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float s = accumulate ? c[(i * n) + j] : 0f;
                for (int p = 0; p < k; p++)
                {
                    s += a[(i * k) + p] * b[(p * n) + j];
                }

                c[(i * n) + j] = s;
            }
        }
    }

    /// <summary>C = A·Bᵀ (or +=). A (M,K), B (N,K), C (M,N).</summary>
    public static void MultiplyTransposeB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        Validate(a.Length, m * k, b.Length, n * k, c.Length, m * n);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float s = accumulate ? c[(i * n) + j] : 0f;
                for (int p = 0; p < k; p++)
                {
                    s += a[(i * k) + p] * b[(j * k) + p];
                }

                c[(i * n) + j] = s;
            }
        }
    }

    /// <summary>C = Aᵀ·B (or +=). A (K,M), B (K,N), C (M,N). The weight-gradient form.</summary>
    public static void MultiplyTransposeA(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        Validate(a.Length, k * m, b.Length, k * n, c.Length, m * n);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float s = accumulate ? c[(i * n) + j] : 0f;
                for (int p = 0; p < k; p++)
                {
                    s += a[(p * m) + i] * b[(p * n) + j];
                }

                c[(i * n) + j] = s;
            }
        }
    }

    /// <summary>C = A·B + bias, bias (N) broadcast over the M rows. A (M,K), B (K,N), C (M,N).</summary>
    public static void MultiplyAddBias(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> bias, Span<float> c, int m, int k, int n)
    {
        if (bias.Length != n)
        {
            throw new ArgumentException($"bias has length {bias.Length}, expected N = {n}.", nameof(bias));
        }

        Multiply(a, b, c, m, k, n);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                c[(i * n) + j] += bias[j];
            }
        }
    }

    /// <summary>
    /// C = A·B (+ bias when given; += when <paramref name="accumulate"/>) with B pre-packed for the kernel.
    /// A (M, B.K), C (M, B.N). This is the inference hot path: pack weights once, multiply many times.
    /// </summary>
    public static void Multiply(ReadOnlySpan<float> a, PackedMatrix b, Span<float> c, int m, bool accumulate = false, ReadOnlySpan<float> bias = default)
    {
        ArgumentNullException.ThrowIfNull(b);
        if (accumulate)
        {
            Multiply(a, b.Source, c, m, b.K, b.N, accumulate: true);
            if (!bias.IsEmpty)
            {
                for (int i = 0; i < m; i++)
                {
                    for (int j = 0; j < b.N; j++)
                    {
                        c[(i * b.N) + j] += bias[j];
                    }
                }
            }
        }
        else if (bias.IsEmpty)
        {
            Multiply(a, b.Source, c, m, b.K, b.N);
        }
        else
        {
            MultiplyAddBias(a, b.Source, bias, c, m, b.K, b.N);
        }
    }

    private static void Validate(int aLength, int aExpected, int bLength, int bExpected, int cLength, int cExpected)
    {
        if (aLength < aExpected)
        {
            throw new ArgumentException($"A has {aLength} elements, the shape needs {aExpected}.", "a");
        }

        if (bLength < bExpected)
        {
            throw new ArgumentException($"B has {bLength} elements, the shape needs {bExpected}.", "b");
        }

        if (cLength < cExpected)
        {
            throw new ArgumentException($"C has {cLength} elements, the shape needs {cExpected}.", "c");
        }
    }
}
