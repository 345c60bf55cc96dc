using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SensorWatch.Core.Numerics;

/// <summary>
/// Element-wise sigmoid and tanh over spans, vectorised (Vector256 + FMA) with a scalar tail. y may alias x
/// (exactly, or not at all).
/// </summary>
/// <remarks>
/// Fast approximations (see <see cref="ActivationMath"/> for the method and its citation). Measured against
/// double precision over a dense sweep of [−20, 20] plus ±large (docs/kernels.md, test
/// <c>ActivationsTests.Sigmoid_DenseSweep_ErrorWithinDocumentedBound</c>):
/// sigmoid max abs error 6e−8, max rel error 2.4e−7; tanh max abs error 1.2e−7, max rel error 3.3e−7.
/// NaN propagates (the input NaN is returned); ±∞ and ±large saturate (sigmoid → 0 / 1, tanh → ±1).
/// Vector and scalar paths give bit-identical results.
/// </remarks>
public static class Activations
{
    /// <summary>y[i] = 1 / (1 + exp(−x[i])). y must hold at least x.Length elements.</summary>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y)
    {
        CheckLengths(x.Length, y.Length);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        int i = 0;
        if (KernelDispatch.UseVector256)
        {
            for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                ActivationMath.Sigmoid(Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
            }
        }

        // Scalar tail (and the whole span on the scalar path).
        for (; i < x.Length; i++)
        {
            Unsafe.Add(ref yr, i) = ActivationMath.Sigmoid(Unsafe.Add(ref xr, i));
        }
    }

    /// <summary>y[i] = tanh(x[i]). y must hold at least x.Length elements.</summary>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y)
    {
        CheckLengths(x.Length, y.Length);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        int i = 0;
        if (KernelDispatch.UseVector256)
        {
            for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                ActivationMath.Tanh(Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
            }
        }

        // Scalar tail (and the whole span on the scalar path).
        for (; i < x.Length; i++)
        {
            Unsafe.Add(ref yr, i) = ActivationMath.Tanh(Unsafe.Add(ref xr, i));
        }
    }

    private static void CheckLengths(int x, int y)
    {
        if (y < x)
        {
            throw new ArgumentException($"y has {y} elements, x has {x}.", nameof(y));
        }
    }
}
