using System.Runtime.CompilerServices;

namespace SensorWatch.Core.Numerics;

/// <summary>
/// Runs C (M, N) = A·B (+ bias) (+ C) over packed B panels, after validation. A is addressed by strides, so the
/// same driver serves A (M, K) row-major (rowStride K, colStride 1) and Aᵀ for A stored (K, M) (rowStride 1,
/// colStride M). Picks the Vector256+FMA micro-kernels, the portable Vector&lt;float&gt; kernel or the scalar one.
/// </summary>
[SkipLocalsInit] // every stackalloc'd tile is fully written before it is read
internal static unsafe class GemmDriver
{
    /// <summary>Rows per register block of the Vector256 micro-kernel.</summary>
    public const int Rows = 6;

    /// <summary>Row blocks with at least this many rows are padded to <see cref="Rows"/>; fewer go row by row.</summary>
    private const int PadThreshold = 3;

    /// <summary>Up to this K, the packed rows of A live on the stack.</summary>
    private const int StackK = 1024;

    [ThreadStatic]
    private static AlignedScratch? s_aScratch;

    /// <param name="a">A(i, p) at a[i·rowStride + p·colStride].</param>
    /// <param name="panels">B packed by <see cref="PanelPacker"/>, (⌈N/16⌉, K, 16).</param>
    /// <param name="c">C (M, N) row-major.</param>
    /// <param name="bias">(N) added to every row, or null.</param>
    public static void Run(float* a, int rowStride, int colStride, int m, int k, float* panels, int n, float* c, bool accumulate, float* bias)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        if (KernelDispatch.UseVector256)
        {
            RunVector256(a, rowStride, colStride, m, k, panels, n, c, accumulate, bias);
        }
        else
        {
            GemmPortableKernel.Run(a, rowStride, colStride, m, k, panels, n, c, accumulate, bias, KernelDispatch.UsePortable);
        }
    }

    /// <summary>Rows up to which an unpacked row-major B is used directly instead of being packed.</summary>
    public const int DirectRows = 2;

    /// <summary>C = A·B for at most <see cref="DirectRows"/> rows with B (K, N) row-major and unpacked (Vector256 path only).</summary>
    public static void RunDirect(float* a, int rowStride, int colStride, int m, int k, float* b, int n, float* c, bool accumulate, float* bias)
    {
        float* stack = stackalloc float[k <= StackK ? k : 0];
        float* row = k <= StackK ? stack : (s_aScratch ??= new AlignedScratch()).Get(k);
        for (int i = 0; i < m; i++)
        {
            PackRows(a + ((long)i * rowStride), rowStride, colStride, 1, k, row);
            GemmMicroKernels.RowDirect(row, b, k, n, c + ((long)i * n), accumulate, bias);
        }
    }

    private static void RunVector256(float* a, int rowStride, int colStride, int m, int k, float* panels, int n, float* c, bool accumulate, float* bias)
    {
        float* pa;
        if (k <= StackK)
        {
            float* stack = stackalloc float[(Rows * k) + 16];
            pa = (float*)(((nint)stack + 63) & ~(nint)63);
        }
        else
        {
            pa = (s_aScratch ??= new AlignedScratch()).Get(Rows * k);
        }

        int panelCount = PanelPacker.Panels(n);
        long panelStride = (long)k * PanelPacker.Width;
        int i0 = 0;
        for (; m - i0 >= PadThreshold; i0 += Rows)
        {
            int rows = Math.Min(Rows, m - i0);
            PackRows(a + ((long)i0 * rowStride), rowStride, colStride, rows, k, pa);
            float* cRow = c + ((long)i0 * n);
            for (int p = 0; p < panelCount; p++)
            {
                int j0 = p * PanelPacker.Width;
                GemmMicroKernels.Block6x16(pa, panels + (p * panelStride), k, cRow + j0, n, rows, Math.Min(PanelPacker.Width, n - j0), accumulate, bias == null ? null : bias + j0);
            }
        }

        // Remaining one or two rows (and batch-1 inference): one row against four panels at a time.
        for (; i0 < m; i0++)
        {
            PackRows(a + ((long)i0 * rowStride), rowStride, colStride, 1, k, pa);
            GemmMicroKernels.Row(pa, panels, k, n, c + ((long)i0 * n), accumulate, bias);
        }
    }

    /// <summary>Packs rows of A interleaved: pa[p·6 + r] = A(r, p), zero for r ≥ rows (rows == 1: pa[p] = A(0, p)).</summary>
    private static void PackRows(float* a, int rowStride, int colStride, int rows, int k, float* pa)
    {
        if (rows == 1)
        {
            if (colStride == 1)
            {
                Buffer.MemoryCopy(a, pa, (long)k * sizeof(float), (long)k * sizeof(float));
                return;
            }

            for (int p = 0; p < k; p++)
            {
                pa[p] = a[(long)p * colStride];
            }

            return;
        }

        for (int r = 0; r < Rows; r++)
        {
            if (r < rows)
            {
                float* src = a + ((long)r * rowStride);
                for (int p = 0; p < k; p++)
                {
                    pa[(p * Rows) + r] = src[(long)p * colStride];
                }
            }
            else
            {
                for (int p = 0; p < k; p++)
                {
                    pa[(p * Rows) + r] = 0f;
                }
            }
        }
    }
}
