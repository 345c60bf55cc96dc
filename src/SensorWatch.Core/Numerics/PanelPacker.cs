using System.Runtime.CompilerServices;

namespace SensorWatch.Core.Numerics;

/// <summary>
/// Packs a right-hand matrix B (K, N) into the GEMM's panel layout: N is cut into ⌈N/16⌉ panels of 16 columns;
/// panel p holds K rows of 16 contiguous floats, B[kk, 16p + l] at offset (p·K + kk)·16 + l; the last panel is
/// padded with zeros. The micro-kernel then reads one panel as a single sequential stream.
/// </summary>
internal static unsafe class PanelPacker
{
    /// <summary>Columns per panel: two Vector256&lt;float&gt;.</summary>
    public const int Width = 16;

    /// <summary>Panels for N columns.</summary>
    public static int Panels(int n) => (n + Width - 1) / Width;

    /// <summary>Floats the packed form of (K, N) occupies.</summary>
    public static int PackedLength(int k, int n) => Panels(n) * k * Width;

    /// <summary>Packs row-major B (K, N), element (kk, j) at b[kk·N + j].</summary>
    public static void Pack(float* b, int k, int n, float* dst) => Pack(b, k, n, rowStride: n, colStride: 1, dst);

    /// <summary>Packs B = Sᵀ where S is row-major (N, K): element (kk, j) at s[j·K + kk].</summary>
    public static void PackTransposed(float* s, int k, int n, float* dst) => Pack(s, k, n, rowStride: 1, colStride: k, dst);

    private static void Pack(float* b, int k, int n, int rowStride, int colStride, float* dst)
    {
        int panels = Panels(n);
        for (int p = 0; p < panels; p++)
        {
            int j0 = p * Width;
            int cols = Math.Min(Width, n - j0);
            float* panel = dst + ((long)p * k * Width);
            if (colStride == 1)
            {
                for (int kk = 0; kk < k; kk++)
                {
                    float* src = b + ((long)kk * rowStride) + j0;
                    float* row = panel + (kk * Width);
                    if (cols == Width)
                    {
                        Unsafe.CopyBlockUnaligned(row, src, Width * sizeof(float));   // 64 bytes: two vector moves
                        continue;
                    }

                    int l = 0;
                    for (; l < cols; l++)
                    {
                        row[l] = src[l];
                    }

                    for (; l < Width; l++)
                    {
                        row[l] = 0f;
                    }
                }
            }
            else
            {
                // Transposed source: walk each source row (one output column) contiguously.
                for (int l = 0; l < Width; l++)
                {
                    if (l < cols)
                    {
                        float* src = b + ((long)(j0 + l) * colStride);
                        for (int kk = 0; kk < k; kk++)
                        {
                            panel[(kk * Width) + l] = src[(long)kk * rowStride];
                        }
                    }
                    else
                    {
                        for (int kk = 0; kk < k; kk++)
                        {
                            panel[(kk * Width) + l] = 0f;
                        }
                    }
                }
            }
        }
    }
}
