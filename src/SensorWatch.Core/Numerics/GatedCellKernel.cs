using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SensorWatch.Core.Numerics;

/// <summary>
/// The fused element-wise step of a gated recurrent cell with four gate blocks, forward and backward.
/// Legend: B rows (windows), H hidden units, G = 4H. Gate blocks in each row, in this order:
/// input i, forget f, candidate g, output o. Pre-activations already include the bias (fuse it in the GEMM).
/// </summary>
/// <remarks>
/// Forward, per row and unit j:
/// i = σ(zi), f = σ(zf), g = tanh(zg), o = σ(zo); c = f·c_prev + i·g; h = o·tanh(c).
/// NaN in any input propagates to the outputs that depend on it; ±∞ pre-activations saturate the gates.
/// </remarks>
public static partial class GatedCellKernel
{
    /// <summary>
    /// Activates the gates in place and computes the new cell and hidden state.
    /// </summary>
    /// <param name="gates">(B, 4H) gate pre-activations on entry; activated gates (i, f, g, o) on return.</param>
    /// <param name="cPrev">(B, H) previous cell state, or empty for an all-zero initial state.</param>
    /// <param name="c">(B, H) new cell state. May alias <paramref name="cPrev"/>.</param>
    /// <param name="tanhC">(B, H) tanh(c), cached for the backward pass.</param>
    /// <param name="h">(B, H) new hidden state.</param>
    /// <param name="batch">B.</param>
    /// <param name="hidden">H.</param>
    public static void Forward(Span<float> gates, ReadOnlySpan<float> cPrev, Span<float> c, Span<float> tanhC, Span<float> h, int batch, int hidden)
    {
        ValidateShapes(batch, hidden, gates.Length, cPrev.Length, allowEmptyCPrev: true);
        int bh = batch * hidden;
        CheckAtLeast(c.Length, bh, nameof(c));
        CheckAtLeast(tanhC.Length, bh, nameof(tanhC));
        CheckAtLeast(h.Length, bh, nameof(h));
        ForwardLoops(gates, cPrev, c, tanhC, h, batch, hidden);
    }

    /// <summary>
    /// Back-propagates through one step: from dL/dh and dL/dc (next step) to the gate pre-activations and dL/dc_prev.
    /// </summary>
    /// <param name="gates">(B, 4H) activated gates (i, f, g, o) as left by <see cref="Forward"/>.</param>
    /// <param name="cPrev">(B, H) previous cell state, or empty when it was all zero.</param>
    /// <param name="tanhC">(B, H) tanh(c) as left by <see cref="Forward"/>.</param>
    /// <param name="dh">(B, H) dL/dh of this step (from the layer above and from the next step's recurrence).</param>
    /// <param name="dcNext">(B, H) dL/dc flowing back from the next step, or empty for zero (the last step).</param>
    /// <param name="dGates">(B, 4H) dL/d pre-activations (i, f, g, o); overwritten. May alias <paramref name="gates"/>.</param>
    /// <param name="dcPrev">(B, H) dL/dc_prev; overwritten. May alias <paramref name="dcNext"/>.</param>
    /// <param name="batch">B.</param>
    /// <param name="hidden">H.</param>
    /// <remarks>
    /// dc = dcNext + dh·o·(1 − tanh²c); dzo = dh·tanh c·o(1 − o); dzi = dc·g·i(1 − i);
    /// dzg = dc·i·(1 − g²); dzf = dc·c_prev·f(1 − f); dc_prev = dc·f.
    /// </remarks>
    public static void Backward(
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
        ValidateShapes(batch, hidden, gates.Length, cPrev.Length, allowEmptyCPrev: true);
        int bh = batch * hidden;
        CheckAtLeast(tanhC.Length, bh, nameof(tanhC));
        CheckAtLeast(dh.Length, bh, nameof(dh));
        if (!dcNext.IsEmpty)
        {
            CheckAtLeast(dcNext.Length, bh, nameof(dcNext));
        }

        CheckAtLeast(dGates.Length, 4 * bh, nameof(dGates));
        CheckAtLeast(dcPrev.Length, bh, nameof(dcPrev));
        BackwardLoops(gates, cPrev, tanhC, dh, dcNext, dGates, dcPrev, batch, hidden);
    }

    private static void ValidateShapes(int batch, int hidden, int gatesLength, int cPrevLength, bool allowEmptyCPrev)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        ArgumentOutOfRangeException.ThrowIfNegative(hidden);
        int bh = batch * hidden;
        if (gatesLength < 4 * bh)
        {
            throw new ArgumentException($"gates has {gatesLength} elements, shape (B, 4H) = ({batch}, {4 * hidden}) needs {4 * bh}.", "gates");
        }

        if (!(allowEmptyCPrev && cPrevLength == 0))
        {
            CheckAtLeast(cPrevLength, bh, "cPrev", batch, hidden);
        }
    }

    private static void CheckAtLeast(int length, int expected, string name, int batch = -1, int hidden = -1)
    {
        if (length < expected)
        {
            string shape = batch >= 0 ? $" (B, H) = ({batch}, {hidden})" : string.Empty;
            throw new ArgumentException($"{name} has {length} elements, the shape{shape} needs {expected}.", name);
        }
    }
}
