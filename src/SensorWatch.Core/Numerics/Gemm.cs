using System.Numerics.Tensors;

namespace SensorWatch.Core.Numerics;

/// <summary>
/// Row-major single-precision matrix products. Legend: A is (M, K), B is (K, N), C is (M, N),
/// all dense and row-major with no padding between rows.
/// </summary>
/// <remarks>
/// Every form runs the same register-blocked micro-kernel (6×16 tile of C in Vector256 registers with FMA, or a
/// 1×64 row kernel for single rows) over B packed in 16-column panels. The unpacked forms pack B (or Bᵀ) into a
/// per-thread buffer first (O(K·N), amortised over M rows); Aᵀ is read through strides. With one or two rows, A·B and
/// Aᵀ·B read B directly and A·Bᵀ is a dot product per element (TensorPrimitives.Dot), as packing would dominate. Without AVX2+FMA a
/// portable <see cref="System.Numerics.Vector{T}"/> kernel or a scalar kernel runs instead.
/// Validation happens once at entry: a span shorter than its shape throws <see cref="ArgumentException"/>
/// naming the shape; negative sizes throw <see cref="ArgumentOutOfRangeException"/>. C must not overlap A or B.
/// When not accumulating, C is only written (never read), so garbage or NaN in C does not leak in.
/// NaN and infinities in A, B and bias propagate as in IEEE arithmetic; no value is checked.
/// Steady-state calls allocate nothing. Thread-safe (scratch buffers are per thread).
/// </remarks>
public static unsafe class Gemm
{
    [ThreadStatic]
    private static AlignedScratch? s_bScratch;

    /// <summary>C = A·B, or C += A·B when <paramref name="accumulate"/>. A (M,K), B (K,N), C (M,N).</summary>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        Validate(a.Length, "A", "(M, K)", m, k, b.Length, "(K, N)", k, n, c.Length, m, n);
        Run(a, b, default, c, m, k, n, accumulate, transposeA: false, transposeB: false);
    }

    /// <summary>C = A·Bᵀ (or +=). A (M,K), B (N,K), C (M,N).</summary>
    public static void MultiplyTransposeB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        Validate(a.Length, "A", "(M, K)", m, k, b.Length, "(N, K)", n, k, c.Length, m, n);
        Run(a, b, default, c, m, k, n, accumulate, transposeA: false, transposeB: true);
    }

    /// <summary>C = Aᵀ·B (or +=). A (K,M), B (K,N), C (M,N). The weight-gradient form.</summary>
    public static void MultiplyTransposeA(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        Validate(a.Length, "A", "(K, M)", k, m, b.Length, "(K, N)", k, n, c.Length, m, n);
        Run(a, b, default, c, m, k, n, accumulate, transposeA: true, transposeB: false);
    }

    /// <summary>C = A·B + bias, bias (N) broadcast over the M rows. A (M,K), B (K,N), C (M,N).</summary>
    public static void MultiplyAddBias(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> bias, Span<float> c, int m, int k, int n)
    {
        Validate(a.Length, "A", "(M, K)", m, k, b.Length, "(K, N)", k, n, c.Length, m, n);
        if (bias.Length != n)
        {
            throw new ArgumentException($"bias has length {bias.Length}, expected N = {n}.", nameof(bias));
        }

        Run(a, b, bias, c, m, k, n, accumulate: false, transposeA: false, transposeB: false);
    }

    /// <summary>
    /// C = A·B (+ bias when given; += when <paramref name="accumulate"/>) with B pre-packed for the kernel.
    /// A (M, B.K), C (M, B.N), bias (B.N) or empty. This is the inference hot path: pack weights once, multiply many times.
    /// </summary>
    public static void Multiply(ReadOnlySpan<float> a, PackedMatrix b, Span<float> c, int m, bool accumulate = false, ReadOnlySpan<float> bias = default)
    {
        ArgumentNullException.ThrowIfNull(b);
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        CheckLength(a.Length, "A", "(M, K)", m, b.K, nameof(a));
        CheckLength(c.Length, "C", "(M, N)", m, b.N, nameof(c));
        if (!bias.IsEmpty && bias.Length != b.N)
        {
            throw new ArgumentException($"bias has length {bias.Length}, expected N = {b.N} or empty.", nameof(bias));
        }

        fixed (float* pa = a)
        fixed (float* pc = c)
        fixed (float* pbias = bias)
        {
            GemmDriver.Run(pa, b.K, 1, m, b.K, b.Panels, b.N, pc, accumulate, bias.IsEmpty ? null : pbias);
        }

        GC.KeepAlive(b);
    }

    private static void Run(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> bias, Span<float> c, int m, int k, int n, bool accumulate, bool transposeA, bool transposeB)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        int rowStride = transposeA ? 1 : k;
        int colStride = transposeA ? m : 1;
        if (!transposeB && m <= GemmDriver.DirectRows && KernelDispatch.UseVector256)
        {
            // One or two rows: packing B would cost more than the product itself.
            fixed (float* pa = a)
            fixed (float* pb = b)
            fixed (float* pc = c)
            fixed (float* pbias = bias)
            {
                GemmDriver.RunDirect(pa, rowStride, colStride, m, k, pb, n, pc, accumulate, bias.IsEmpty ? null : pbias);
            }

            return;
        }

        if (transposeB && m <= GemmDriver.DirectRows && KernelDispatch.UseVector256)
        {
            // One or two rows of A·Bᵀ: each C element is a contiguous dot product; packing Bᵀ would cost more.
            for (int i = 0; i < m; i++)
            {
                ReadOnlySpan<float> ai = a.Slice(i * k, k);
                for (int j = 0; j < n; j++)
                {
                    float dot = TensorPrimitives.Dot(ai, b.Slice(j * k, k));
                    c[(i * n) + j] = accumulate ? c[(i * n) + j] + dot : dot;
                }
            }

            return;
        }

        float* panels = (s_bScratch ??= new AlignedScratch()).Get(PanelPacker.PackedLength(k, n));
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        fixed (float* pbias = bias)
        {
            if (transposeB)
            {
                PanelPacker.PackTransposed(pb, k, n, panels);
            }
            else
            {
                PanelPacker.Pack(pb, k, n, panels);
            }

            GemmDriver.Run(pa, rowStride, colStride, m, k, panels, n, pc, accumulate, bias.IsEmpty ? null : pbias);
        }
    }

    private static void Validate(int aLength, string aName, string aShape, int a0, int a1, int bLength, string bShape, int b0, int b1, int cLength, int m, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(a0, "m or k");
        ArgumentOutOfRangeException.ThrowIfNegative(a1, "m or k");
        ArgumentOutOfRangeException.ThrowIfNegative(n, nameof(n));
        CheckLength(aLength, aName, aShape, a0, a1, "a");
        CheckLength(bLength, "B", bShape, b0, b1, "b");
        CheckLength(cLength, "C", "(M, N)", m, n, "c");
    }

    private static void CheckLength(int length, string name, string shape, int rows, int cols, string parameter)
    {
        long needed = (long)rows * cols;
        if (length < needed)
        {
            throw new ArgumentException($"{name} has {length} elements, but its shape {shape} = ({rows}, {cols}) needs {needed}.", parameter);
        }

        if (needed > int.MaxValue / 2)
        {
            throw new ArgumentException($"{name} shape {shape} = ({rows}, {cols}) is too large.", parameter);
        }
    }
}
