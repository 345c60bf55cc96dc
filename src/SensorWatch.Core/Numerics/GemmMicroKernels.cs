using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SensorWatch.Core.Numerics;

/// <summary>
/// The Vector256 + FMA micro-kernels over packed panels. Block6x16 keeps a 6×16 tile of C in 12 ymm registers
/// (plus two for the B row and one broadcast: 15 of 16), i.e. 12 FMAs per 2 loads + 6 broadcasts per k.
/// Row keeps 1×64 (four panels, eight independent accumulators, enough to hide the 4-cycle FMA latency).
/// Full tiles store with vectors; partial tiles (edge rows/columns) spill to a stack tile and go through the
/// scalar tail. Callers guarantee AVX2 + FMA.
/// </summary>
[SkipLocalsInit] // every stackalloc'd tile is fully written before it is read
internal static unsafe class GemmMicroKernels
{
    private const int W = PanelPacker.Width;

    /// <param name="pa">(K, 6) interleaved rows of A.</param>
    /// <param name="pb">(K, 16) one panel of B.</param>
    /// <param name="c">C tile origin, row stride <paramref name="ldc"/>.</param>
    /// <param name="rows">Valid rows (≤ 6); <paramref name="cols"/> valid columns (≤ 16).</param>
    /// <param name="bias">bias of the tile's columns, or null.</param>
    public static void Block6x16(float* pa, float* pb, int k, float* c, int ldc, int rows, int cols, bool accumulate, float* bias)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < k; p++)
        {
            Vector256<float> b0 = Avx.LoadVector256(pb);
            Vector256<float> b1 = Avx.LoadVector256(pb + 8);
            Vector256<float> a = Avx.BroadcastScalarToVector256(pa);
            c00 = Fma.MultiplyAdd(a, b0, c00);
            c01 = Fma.MultiplyAdd(a, b1, c01);
            a = Avx.BroadcastScalarToVector256(pa + 1);
            c10 = Fma.MultiplyAdd(a, b0, c10);
            c11 = Fma.MultiplyAdd(a, b1, c11);
            a = Avx.BroadcastScalarToVector256(pa + 2);
            c20 = Fma.MultiplyAdd(a, b0, c20);
            c21 = Fma.MultiplyAdd(a, b1, c21);
            a = Avx.BroadcastScalarToVector256(pa + 3);
            c30 = Fma.MultiplyAdd(a, b0, c30);
            c31 = Fma.MultiplyAdd(a, b1, c31);
            a = Avx.BroadcastScalarToVector256(pa + 4);
            c40 = Fma.MultiplyAdd(a, b0, c40);
            c41 = Fma.MultiplyAdd(a, b1, c41);
            a = Avx.BroadcastScalarToVector256(pa + 5);
            c50 = Fma.MultiplyAdd(a, b0, c50);
            c51 = Fma.MultiplyAdd(a, b1, c51);
            pa += GemmDriver.Rows;
            pb += W;
        }

        if (rows == GemmDriver.Rows && cols == W)
        {
            StoreRow(c, c00, c01, accumulate, bias);
            StoreRow(c + ldc, c10, c11, accumulate, bias);
            StoreRow(c + (2 * ldc), c20, c21, accumulate, bias);
            StoreRow(c + (3 * ldc), c30, c31, accumulate, bias);
            StoreRow(c + (4 * ldc), c40, c41, accumulate, bias);
            StoreRow(c + (5 * ldc), c50, c51, accumulate, bias);
            return;
        }

        float* tile = stackalloc float[GemmDriver.Rows * W];
        Spill(tile, c00, c01);
        Spill(tile + W, c10, c11);
        Spill(tile + (2 * W), c20, c21);
        Spill(tile + (3 * W), c30, c31);
        Spill(tile + (4 * W), c40, c41);
        Spill(tile + (5 * W), c50, c51);
        StoreTail(tile, rows, cols, c, ldc, accumulate, bias);
    }

    /// <summary>One row of C (N) from one packed row of A (K) against every panel.</summary>
    public static void Row(float* pa, float* panels, int k, int n, float* c, bool accumulate, float* bias)
    {
        int panelCount = PanelPacker.Panels(n);
        long stride = (long)k * W;
        int p = 0;
        for (; p + 4 <= panelCount; p += 4)
        {
            float* b0 = panels + (p * stride);
            float* b1 = b0 + stride;
            float* b2 = b1 + stride;
            float* b3 = b2 + stride;
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
            for (int kk = 0; kk < k; kk++)
            {
                Vector256<float> x = Avx.BroadcastScalarToVector256(pa + kk);
                int o = kk * W;
                a0 = Fma.MultiplyAdd(x, Avx.LoadVector256(b0 + o), a0);
                a1 = Fma.MultiplyAdd(x, Avx.LoadVector256(b0 + o + 8), a1);
                a2 = Fma.MultiplyAdd(x, Avx.LoadVector256(b1 + o), a2);
                a3 = Fma.MultiplyAdd(x, Avx.LoadVector256(b1 + o + 8), a3);
                a4 = Fma.MultiplyAdd(x, Avx.LoadVector256(b2 + o), a4);
                a5 = Fma.MultiplyAdd(x, Avx.LoadVector256(b2 + o + 8), a5);
                a6 = Fma.MultiplyAdd(x, Avx.LoadVector256(b3 + o), a6);
                a7 = Fma.MultiplyAdd(x, Avx.LoadVector256(b3 + o + 8), a7);
            }

            int j0 = p * W;
            StoreRowSegment(c, j0, n, a0, a1, accumulate, bias);
            StoreRowSegment(c, j0 + W, n, a2, a3, accumulate, bias);
            StoreRowSegment(c, j0 + (2 * W), n, a4, a5, accumulate, bias);
            StoreRowSegment(c, j0 + (3 * W), n, a6, a7, accumulate, bias);
        }

        for (; p < panelCount; p++)
        {
            // Single panel: split K over two accumulator pairs to halve the dependency chain.
            float* b = panels + (p * stride);
            Vector256<float> e0 = default, e1 = default, o0 = default, o1 = default;
            int kk = 0;
            for (; kk + 2 <= k; kk += 2)
            {
                Vector256<float> x = Avx.BroadcastScalarToVector256(pa + kk);
                Vector256<float> y = Avx.BroadcastScalarToVector256(pa + kk + 1);
                int o = kk * W;
                e0 = Fma.MultiplyAdd(x, Avx.LoadVector256(b + o), e0);
                e1 = Fma.MultiplyAdd(x, Avx.LoadVector256(b + o + 8), e1);
                o0 = Fma.MultiplyAdd(y, Avx.LoadVector256(b + o + W), o0);
                o1 = Fma.MultiplyAdd(y, Avx.LoadVector256(b + o + W + 8), o1);
            }

            if (kk < k)
            {
                Vector256<float> x = Avx.BroadcastScalarToVector256(pa + kk);
                e0 = Fma.MultiplyAdd(x, Avx.LoadVector256(b + (kk * W)), e0);
                e1 = Fma.MultiplyAdd(x, Avx.LoadVector256(b + (kk * W) + 8), e1);
            }

            StoreRowSegment(c, p * W, n, e0 + o0, e1 + o1, accumulate, bias);
        }
    }

    /// <summary>
    /// One row of C (N) from a contiguous row of A (K) against an unpacked row-major B (K, N): for one or two rows
    /// packing B would cost more than the product. 64 columns at a time, then 16, then a scalar tail.
    /// </summary>
    public static void RowDirect(float* a, float* b, int k, int n, float* c, bool accumulate, float* bias)
    {
        int j = 0;
        for (; j + 64 <= n; j += 64)
        {
            float* bj = b + j;
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
            for (int kk = 0; kk < k; kk++)
            {
                Vector256<float> x = Avx.BroadcastScalarToVector256(a + kk);
                float* r = bj + ((long)kk * n);
                a0 = Fma.MultiplyAdd(x, Avx.LoadVector256(r), a0);
                a1 = Fma.MultiplyAdd(x, Avx.LoadVector256(r + 8), a1);
                a2 = Fma.MultiplyAdd(x, Avx.LoadVector256(r + 16), a2);
                a3 = Fma.MultiplyAdd(x, Avx.LoadVector256(r + 24), a3);
                a4 = Fma.MultiplyAdd(x, Avx.LoadVector256(r + 32), a4);
                a5 = Fma.MultiplyAdd(x, Avx.LoadVector256(r + 40), a5);
                a6 = Fma.MultiplyAdd(x, Avx.LoadVector256(r + 48), a6);
                a7 = Fma.MultiplyAdd(x, Avx.LoadVector256(r + 56), a7);
            }

            StoreRowSegment(c, j, n, a0, a1, accumulate, bias);
            StoreRowSegment(c, j + 16, n, a2, a3, accumulate, bias);
            StoreRowSegment(c, j + 32, n, a4, a5, accumulate, bias);
            StoreRowSegment(c, j + 48, n, a6, a7, accumulate, bias);
        }

        for (; j + W <= n; j += W)
        {
            Vector256<float> v0 = default, v1 = default;
            for (int kk = 0; kk < k; kk++)
            {
                Vector256<float> x = Avx.BroadcastScalarToVector256(a + kk);
                float* r = b + j + ((long)kk * n);
                v0 = Fma.MultiplyAdd(x, Avx.LoadVector256(r), v0);
                v1 = Fma.MultiplyAdd(x, Avx.LoadVector256(r + 8), v1);
            }

            StoreRowSegment(c, j, n, v0, v1, accumulate, bias);
        }

        // Scalar tail: the last n mod 16 columns.
        for (; j < n; j++)
        {
            float s = 0f;
            for (int kk = 0; kk < k; kk++)
            {
                s = MathF.FusedMultiplyAdd(a[kk], b[((long)kk * n) + j], s);
            }

            if (bias != null)
            {
                s += bias[j];
            }

            c[j] = accumulate ? s + c[j] : s;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRowSegment(float* c, int j0, int n, Vector256<float> v0, Vector256<float> v1, bool accumulate, float* bias)
    {
        float* b = bias == null ? null : bias + j0;
        if (n - j0 >= W)
        {
            StoreRow(c + j0, v0, v1, accumulate, b);
            return;
        }

        float* tile = stackalloc float[W];
        Spill(tile, v0, v1);
        StoreTail(tile, 1, n - j0, c + j0, n, accumulate, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* c, Vector256<float> v0, Vector256<float> v1, bool accumulate, float* bias)
    {
        if (bias != null)
        {
            v0 += Avx.LoadVector256(bias);
            v1 += Avx.LoadVector256(bias + 8);
        }

        if (accumulate)
        {
            v0 += Avx.LoadVector256(c);
            v1 += Avx.LoadVector256(c + 8);
        }

        Avx.Store(c, v0);
        Avx.Store(c + 8, v1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Spill(float* tile, Vector256<float> v0, Vector256<float> v1)
    {
        Avx.Store(tile, v0);
        Avx.Store(tile + 8, v1);
    }

    /// <summary>Scalar tail: writes only the valid rows × cols of a spilled tile (row stride 16) into C.</summary>
    internal static void StoreTail(float* tile, int rows, int cols, float* c, int ldc, bool accumulate, float* bias)
    {
        for (int r = 0; r < rows; r++)
        {
            float* cr = c + ((long)r * ldc);
            float* tr = tile + (r * W);
            for (int j = 0; j < cols; j++)
            {
                float v = tr[j];
                if (bias != null)
                {
                    v += bias[j];
                }

                if (accumulate)
                {
                    v += cr[j];
                }

                cr[j] = v;
            }
        }
    }
}
