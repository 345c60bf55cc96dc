using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SensorWatch.Core.Numerics;

/// <summary>
/// The fast exp / sigmoid / tanh approximations, written once for Vector256 and once for scalars with the same
/// operation order (FMA for FMA), so both paths give bit-identical results.
/// </summary>
/// <remarks>
/// exp(x): Cody–Waite range reduction x = n·ln2 + r, |r| ≤ ln2/2, with ln2 split in a short high part and a low
/// correction, then the degree-7 minimax polynomial of Cephes <c>expf</c> (S. L. Moshier, Cephes Math Library, 1984:
/// exp(r) ≈ 1 + r + r²·P(r)), and 2ⁿ built in the exponent bits. x is clamped to [−87, 88] so 2ⁿ stays a normal float.
/// sigmoid(x) = 1 / (1 + exp(−x)): no cancellation, so the relative error stays near exp's.
/// tanh(x): for |x| &lt; 0.25 the odd Taylor polynomial to x⁹ (truncation below 1e-8 relative); above,
/// sign(x)·(1 − e)/(1 + e) with e = exp(−2|x|). Measured errors are in docs/kernels.md and on <see cref="Activations"/>.
/// NaN inputs return the input NaN; ±∞ saturate to the limits (sigmoid(−∞) is 6e−39, not 0; tanh(−0) is +0).
/// </remarks>
internal static class ActivationMath
{
    private const float ExpLowerClamp = -87f;
    private const float ExpUpperClamp = 88f;
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2High = 0.693359375f;
    private const float Ln2Low = -2.12194440e-4f;
    private const float P0 = 1.9875691500e-4f;
    private const float P1 = 1.3981999507e-3f;
    private const float P2 = 8.3334519073e-3f;
    private const float P3 = 4.1665795894e-2f;
    private const float P4 = 1.6666665459e-1f;
    private const float P5 = 5.0000001201e-1f;
    private const float TanhSmall = 0.25f;
    private const float T3 = -1f / 3f;
    private const float T5 = 2f / 15f;
    private const float T7 = -17f / 315f;
    private const float T9 = 62f / 2835f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Exp(float x)
    {
        x = MathF.Min(MathF.Max(x, ExpLowerClamp), ExpUpperClamp);
        float fx = MathF.Floor(MathF.FusedMultiplyAdd(x, Log2E, 0.5f));
        float r = MathF.FusedMultiplyAdd(fx, -Ln2High, x);
        r = MathF.FusedMultiplyAdd(fx, -Ln2Low, r);
        float z = r * r;
        float p = MathF.FusedMultiplyAdd(P0, r, P1);
        p = MathF.FusedMultiplyAdd(p, r, P2);
        p = MathF.FusedMultiplyAdd(p, r, P3);
        p = MathF.FusedMultiplyAdd(p, r, P4);
        p = MathF.FusedMultiplyAdd(p, r, P5);
        p = MathF.FusedMultiplyAdd(p, z, r) + 1f;
        float scale = BitConverter.Int32BitsToSingle(((int)fx + 127) << 23);
        return p * scale;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Exp(Vector256<float> x)
    {
        x = Vector256.Min(Vector256.Max(x, Vector256.Create(ExpLowerClamp)), Vector256.Create(ExpUpperClamp));
        Vector256<float> fx = Vector256.Floor(Vector256.FusedMultiplyAdd(x, Vector256.Create(Log2E), Vector256.Create(0.5f)));
        Vector256<float> r = Vector256.FusedMultiplyAdd(fx, Vector256.Create(-Ln2High), x);
        r = Vector256.FusedMultiplyAdd(fx, Vector256.Create(-Ln2Low), r);
        Vector256<float> z = r * r;
        Vector256<float> p = Vector256.FusedMultiplyAdd(Vector256.Create(P0), r, Vector256.Create(P1));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P2));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P3));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P4));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P5));
        p = Vector256.FusedMultiplyAdd(p, z, r) + Vector256<float>.One;
        Vector256<int> n = Vector256.ConvertToInt32(fx) + Vector256.Create(127);
        return p * Vector256.ShiftLeft(n, 23).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Sigmoid(float x)
    {
        float y = 1f / (1f + Exp(-x));
        return float.IsNaN(x) ? x : y;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Sigmoid(Vector256<float> x)
    {
        Vector256<float> y = Vector256<float>.One / (Vector256<float>.One + Exp(-x));
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), y, x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Tanh(float x)
    {
        float ax = MathF.Abs(x);
        float e = Exp(-2f * ax);
        float large = MathF.CopySign((1f - e) / (1f + e), x);
        float x2 = x * x;
        float p = MathF.FusedMultiplyAdd(T9, x2, T7);
        p = MathF.FusedMultiplyAdd(p, x2, T5);
        p = MathF.FusedMultiplyAdd(p, x2, T3);
        float small = MathF.FusedMultiplyAdd(p * x2, x, x);
        float y = ax < TanhSmall ? small : large;
        return float.IsNaN(x) ? x : y;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Tanh(Vector256<float> x)
    {
        Vector256<float> signMask = Vector256.Create(-0f);
        Vector256<float> ax = Vector256.AndNot(x, signMask);
        Vector256<float> e = Exp(Vector256.Create(-2f) * ax);
        Vector256<float> large = ((Vector256<float>.One - e) / (Vector256<float>.One + e)) | (x & signMask);
        Vector256<float> x2 = x * x;
        Vector256<float> p = Vector256.FusedMultiplyAdd(Vector256.Create(T9), x2, Vector256.Create(T7));
        p = Vector256.FusedMultiplyAdd(p, x2, Vector256.Create(T5));
        p = Vector256.FusedMultiplyAdd(p, x2, Vector256.Create(T3));
        Vector256<float> small = Vector256.FusedMultiplyAdd(p * x2, x, x);
        Vector256<float> y = Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(TanhSmall)), small, large);
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), y, x);
    }
}
