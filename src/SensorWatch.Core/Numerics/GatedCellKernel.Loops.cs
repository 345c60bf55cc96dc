using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SensorWatch.Core.Numerics;

/// <summary>The unchecked loops of <see cref="GatedCellKernel"/>: Vector256 over units, scalar tail, same operation order.</summary>
public static partial class GatedCellKernel
{
    private static void ForwardLoops(Span<float> gates, ReadOnlySpan<float> cPrev, Span<float> c, Span<float> tanhC, Span<float> h, int batch, int hidden)
    {
        bool hasCPrev = !cPrev.IsEmpty;
        bool vector = KernelDispatch.UseVector256;
        int w = Vector256<float>.Count;
        for (int b = 0; b < batch; b++)
        {
            ref float zr = ref MemoryMarshal.GetReference(gates.Slice(b * 4 * hidden));   // (4H) this row's gates
            ref float cpr = ref hasCPrev ? ref MemoryMarshal.GetReference(cPrev.Slice(b * hidden)) : ref Unsafe.NullRef<float>();
            ref float cr = ref MemoryMarshal.GetReference(c.Slice(b * hidden));
            ref float tr = ref MemoryMarshal.GetReference(tanhC.Slice(b * hidden));
            ref float hr = ref MemoryMarshal.GetReference(h.Slice(b * hidden));
            nuint hh = (nuint)hidden;
            int j = 0;
            if (vector)
            {
                for (; j <= hidden - w; j += w)
                {
                    nuint u = (nuint)j;
                    Vector256<float> i = ActivationMath.Sigmoid(Vector256.LoadUnsafe(ref zr, u));
                    Vector256<float> f = ActivationMath.Sigmoid(Vector256.LoadUnsafe(ref zr, u + hh));
                    Vector256<float> g = ActivationMath.Tanh(Vector256.LoadUnsafe(ref zr, u + (2 * hh)));
                    Vector256<float> o = ActivationMath.Sigmoid(Vector256.LoadUnsafe(ref zr, u + (3 * hh)));
                    Vector256<float> ig = i * g;
                    Vector256<float> cn = hasCPrev ? Vector256.FusedMultiplyAdd(f, Vector256.LoadUnsafe(ref cpr, u), ig) : ig;
                    Vector256<float> tc = ActivationMath.Tanh(cn);
                    i.StoreUnsafe(ref zr, u);
                    f.StoreUnsafe(ref zr, u + hh);
                    g.StoreUnsafe(ref zr, u + (2 * hh));
                    o.StoreUnsafe(ref zr, u + (3 * hh));
                    cn.StoreUnsafe(ref cr, u);
                    tc.StoreUnsafe(ref tr, u);
                    (o * tc).StoreUnsafe(ref hr, u);
                }
            }

            // Scalar tail (and every unit on the scalar path).
            for (; j < hidden; j++)
            {
                float i = ActivationMath.Sigmoid(Unsafe.Add(ref zr, j));
                float f = ActivationMath.Sigmoid(Unsafe.Add(ref zr, j + hidden));
                float g = ActivationMath.Tanh(Unsafe.Add(ref zr, j + (2 * hidden)));
                float o = ActivationMath.Sigmoid(Unsafe.Add(ref zr, j + (3 * hidden)));
                float ig = i * g;
                float cn = hasCPrev ? MathF.FusedMultiplyAdd(f, Unsafe.Add(ref cpr, j), ig) : ig;
                float tc = ActivationMath.Tanh(cn);
                Unsafe.Add(ref zr, j) = i;
                Unsafe.Add(ref zr, j + hidden) = f;
                Unsafe.Add(ref zr, j + (2 * hidden)) = g;
                Unsafe.Add(ref zr, j + (3 * hidden)) = o;
                Unsafe.Add(ref cr, j) = cn;
                Unsafe.Add(ref tr, j) = tc;
                Unsafe.Add(ref hr, j) = o * tc;
            }
        }
    }

    private static void BackwardLoops(
        ReadOnlySpan<float> gates,
        ReadOnlySpan<float> cPrev,
        ReadOnlySpan<float> tanhC,
        ReadOnlySpan<float> dh,
        ReadOnlySpan<float> dcNext,
        Span<float> dGates,
        Span<float> dcPrev,
        int batch,
        int hidden)
    {
        bool hasCPrev = !cPrev.IsEmpty;
        bool hasDcNext = !dcNext.IsEmpty;
        bool vector = KernelDispatch.UseVector256;
        int w = Vector256<float>.Count;
        Vector256<float> one = Vector256<float>.One;
        for (int b = 0; b < batch; b++)
        {
            ref float ar = ref MemoryMarshal.GetReference(gates.Slice(b * 4 * hidden));    // (4H) activated i, f, g, o
            ref float dzr = ref MemoryMarshal.GetReference(dGates.Slice(b * 4 * hidden));  // (4H) d pre-activations
            ref float cpr = ref hasCPrev ? ref MemoryMarshal.GetReference(cPrev.Slice(b * hidden)) : ref Unsafe.NullRef<float>();
            ref float tr = ref MemoryMarshal.GetReference(tanhC.Slice(b * hidden));
            ref float dhr = ref MemoryMarshal.GetReference(dh.Slice(b * hidden));
            ref float dcnr = ref hasDcNext ? ref MemoryMarshal.GetReference(dcNext.Slice(b * hidden)) : ref Unsafe.NullRef<float>();
            ref float dcpr = ref MemoryMarshal.GetReference(dcPrev.Slice(b * hidden));
            nuint hh = (nuint)hidden;
            int j = 0;
            if (vector)
            {
                for (; j <= hidden - w; j += w)
                {
                    nuint u = (nuint)j;
                    Vector256<float> i = Vector256.LoadUnsafe(ref ar, u);
                    Vector256<float> f = Vector256.LoadUnsafe(ref ar, u + hh);
                    Vector256<float> g = Vector256.LoadUnsafe(ref ar, u + (2 * hh));
                    Vector256<float> o = Vector256.LoadUnsafe(ref ar, u + (3 * hh));
                    Vector256<float> tc = Vector256.LoadUnsafe(ref tr, u);
                    Vector256<float> dhv = Vector256.LoadUnsafe(ref dhr, u);
                    Vector256<float> dcn = hasDcNext ? Vector256.LoadUnsafe(ref dcnr, u) : Vector256<float>.Zero;
                    Vector256<float> cp = hasCPrev ? Vector256.LoadUnsafe(ref cpr, u) : Vector256<float>.Zero;

                    // h = o·tanh(c) and c = f·c_prev + i·g, differentiated.
                    Vector256<float> dc = Vector256.FusedMultiplyAdd(dhv * o, Vector256.FusedMultiplyAdd(-tc, tc, one), dcn);
                    (dc * g * (i * (one - i))).StoreUnsafe(ref dzr, u);
                    (dc * cp * (f * (one - f))).StoreUnsafe(ref dzr, u + hh);
                    (dc * i * Vector256.FusedMultiplyAdd(-g, g, one)).StoreUnsafe(ref dzr, u + (2 * hh));
                    (dhv * tc * (o * (one - o))).StoreUnsafe(ref dzr, u + (3 * hh));
                    (dc * f).StoreUnsafe(ref dcpr, u);
                }
            }

            // Scalar tail (and every unit on the scalar path).
            for (; j < hidden; j++)
            {
                float i = Unsafe.Add(ref ar, j);
                float f = Unsafe.Add(ref ar, j + hidden);
                float g = Unsafe.Add(ref ar, j + (2 * hidden));
                float o = Unsafe.Add(ref ar, j + (3 * hidden));
                float tc = Unsafe.Add(ref tr, j);
                float dhv = Unsafe.Add(ref dhr, j);
                float dcn = hasDcNext ? Unsafe.Add(ref dcnr, j) : 0f;
                float cp = hasCPrev ? Unsafe.Add(ref cpr, j) : 0f;
                float dc = MathF.FusedMultiplyAdd(dhv * o, MathF.FusedMultiplyAdd(-tc, tc, 1f), dcn);
                Unsafe.Add(ref dzr, j) = dc * g * (i * (1f - i));
                Unsafe.Add(ref dzr, j + hidden) = dc * cp * (f * (1f - f));
                Unsafe.Add(ref dzr, j + (2 * hidden)) = dc * i * MathF.FusedMultiplyAdd(-g, g, 1f);
                Unsafe.Add(ref dzr, j + (3 * hidden)) = dhv * tc * (o * (1f - o));
                Unsafe.Add(ref dcpr, j) = dc * f;
            }
        }
    }
}
