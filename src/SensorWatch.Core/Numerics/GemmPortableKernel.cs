using System.Numerics;
using System.Runtime.CompilerServices;

namespace SensorWatch.Core.Numerics;

/// <summary>
/// The fallback kernels over packed panels, one row of C at a time: <see cref="Vector{T}"/> across each 16-wide
/// panel when the runtime accelerates it, else plain scalar loops. Same epilogue as the Vector256 kernels.
/// </summary>
[SkipLocalsInit] // every stackalloc'd tile is fully written before it is read
internal static unsafe class GemmPortableKernel
{
    private const int W = PanelPacker.Width;

    public static void Run(float* a, int rowStride, int colStride, int m, int k, float* panels, int n, float* c, bool accumulate, float* bias, bool vector)
    {
        int panelCount = PanelPacker.Panels(n);
        long panelStride = (long)k * W;
        float* tile = stackalloc float[W];
        for (int i = 0; i < m; i++)
        {
            float* ai = a + ((long)i * rowStride);
            float* ci = c + ((long)i * n);
            for (int p = 0; p < panelCount; p++)
            {
                float* pb = panels + (p * panelStride);
                if (vector)
                {
                    VectorPanel(ai, colStride, k, pb, tile);
                }
                else
                {
                    ScalarPanel(ai, colStride, k, pb, tile);
                }

                int j0 = p * W;
                GemmMicroKernels.StoreTail(tile, 1, Math.Min(W, n - j0), ci + j0, n, accumulate, bias == null ? null : bias + j0);
            }
        }
    }

    private static void VectorPanel(float* ai, int colStride, int k, float* pb, float* tile)
    {
        int count = Vector<float>.Count;
        int vectors = W / count;
        Span<Vector<float>> acc = stackalloc Vector<float>[vectors];
        acc.Clear();
        for (int p = 0; p < k; p++)
        {
            var x = new Vector<float>(ai[(long)p * colStride]);
            float* row = pb + (p * W);
            for (int v = 0; v < vectors; v++)
            {
                acc[v] += x * Vector.Load(row + (v * count));
            }
        }

        for (int v = 0; v < vectors; v++)
        {
            Vector.Store(acc[v], tile + (v * count));
        }
    }

    private static void ScalarPanel(float* ai, int colStride, int k, float* pb, float* tile)
    {
        for (int l = 0; l < W; l++)
        {
            float s = 0f;
            for (int p = 0; p < k; p++)
            {
                s += ai[(long)p * colStride] * pb[(p * W) + l];
            }

            tile[l] = s;
        }
    }
}
