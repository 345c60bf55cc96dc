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
/// double precision over 6.1 million points (every 1e−5 of [−30, 30] and a geometric sweep of ±[1e−30, 100];
/// docs/kernels.md, tests <c>ActivationsTests.*_DenseSweep_ErrorWithinDocumentedBound</c>):
/// sigmoid max abs error 8.9e−8, max rel error 1.5e−7 for x ≥ −87; tanh max abs error 8.9e−8, max rel error 1.7e−7.
/// NaN propagates (the input NaN is returned); ±∞ and ±large saturate (tanh → ±1, sigmoid → 1 and, below −87,
/// about 6e−39 instead of the true denormal or 0). tanh(−0) returns +0.
/// Vector and scalar paths give bit-identical results.
/// </remarks>
public static class Activations
{
    /// <summary>y[i] = 1 / (1 + exp(−x[i])). y must hold at least x.Length elements.</summary>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y) => Apply<SigmoidOperator>(x, y);

    /// <summary>y[i] = tanh(x[i]). y must hold at least x.Length elements.</summary>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y) => Apply<TanhOperator>(x, y);

    /// <summary>The loop, written once: Vector256 blocks, then the scalar tail (the operator is a struct: no virtual call).</summary>
    private static void Apply<TOperator>(ReadOnlySpan<float> x, Span<float> y)
        where TOperator : struct, IUnaryOperator
    {
        CheckLengths(x.Length, y.Length);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        int i = 0;
        if (KernelDispatch.UseVector256)
        {
            for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                TOperator.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
            }
        }

        // Scalar tail (and the whole span on the scalar path).
        for (; i < x.Length; i++)
        {
            Unsafe.Add(ref yr, i) = TOperator.Invoke(Unsafe.Add(ref xr, i));
        }
    }

    private static void CheckLengths(int x, int y)
    {
        if (y < x)
        {
            throw new ArgumentException($"y has {y} elements, x has {x}.", nameof(y));
        }
    }

    /// <summary>An element-wise function with a scalar and a Vector256 form that agree bit for bit.</summary>
    private interface IUnaryOperator
    {
        static abstract float Invoke(float x);

        static abstract Vector256<float> Invoke(Vector256<float> x);
    }

    private readonly struct SigmoidOperator : IUnaryOperator
    {
        public static float Invoke(float x) => ActivationMath.Sigmoid(x);

        public static Vector256<float> Invoke(Vector256<float> x) => ActivationMath.Sigmoid(x);
    }

    private readonly struct TanhOperator : IUnaryOperator
    {
        public static float Invoke(float x) => ActivationMath.Tanh(x);

        public static Vector256<float> Invoke(Vector256<float> x) => ActivationMath.Tanh(x);
    }
}
