using SensorWatch.Core.Numerics;

namespace SensorWatch.Core.Model;

/// <summary>
/// One LSTM layer over a whole window for training: forward and backward through time with time-major caches.
/// Legend: T steps, B windows (the batch actually run; buffers are sized for the maximum and used as prefixes),
/// Din input width, H hidden, G = 4H. The four gates are fused: one GEMM per step computes h_{t-1}·Wh for every
/// gate and window, added to the input projection x_t·Wx + b computed for all steps in one GEMM (or, for a
/// constant input such as the decoder's latent code, once per window).
/// </summary>
internal sealed class LstmLayer
{
    private readonly int _t;
    private readonly int _in;
    private readonly int _h;
    private readonly float[] _dh;      // (B, H) total dL/dh_t
    private readonly float[] _dhNext;  // (B, H) dL/dh_t arriving through the recurrence from step t+1
    private readonly float[] _dc;      // (B, H) dL/dc_t arriving from step t+1
    private readonly float[] _dxp;     // (B, 4H) constant input: Σ_t dGates_t

    public LstmLayer(int steps, int maxBatch, int inputs, int hidden)
    {
        _t = steps;
        _in = inputs;
        _h = hidden;
        Gates = new float[steps * maxBatch * 4 * hidden];
        Cs = new float[(steps + 1) * maxBatch * hidden];
        TanhC = new float[steps * maxBatch * hidden];
        Hs = new float[(steps + 1) * maxBatch * hidden];
        DGates = new float[steps * maxBatch * 4 * hidden];
        DHs = new float[steps * maxBatch * hidden];
        _dh = new float[maxBatch * hidden];
        _dhNext = new float[maxBatch * hidden];
        _dc = new float[maxBatch * hidden];
        _dxp = new float[maxBatch * 4 * hidden];
    }

    /// <summary>(T, B, 4H) gate activations i, f, g, o.</summary>
    public float[] Gates { get; }

    /// <summary>(T+1, B, H) cell states; slot 0 is c_{-1} = 0, slot t+1 is c_t.</summary>
    public float[] Cs { get; }

    /// <summary>(T, B, H) tanh(c_t).</summary>
    public float[] TanhC { get; }

    /// <summary>(T+1, B, H) hidden states; slot 0 is h_{-1} = 0, slot t+1 is h_t. Slots 1..T are the layer's output sequence.</summary>
    public float[] Hs { get; }

    /// <summary>(T, B, 4H) dL/d(gate pre-activations).</summary>
    public float[] DGates { get; }

    /// <summary>(T, B, H) dL/dh_t from the layers above; the caller fills it before <see cref="Backward"/>.</summary>
    public float[] DHs { get; }

    /// <summary>The output sequence h_0..h_{T-1}, (T, B, H).</summary>
    public ReadOnlySpan<float> Output(int batch) => Hs.AsSpan(batch * _h, _t * batch * _h);

    /// <summary>
    /// Forward. xs: (T, B, Din) time-major inputs, or with <paramref name="constantInput"/> one (B, Din) input used at
    /// every step. wx (Din, 4H), wh (H, 4H), bias (4H).
    /// </summary>
    public void Forward(ReadOnlySpan<float> xs, bool constantInput, float[] wx, PackedMatrix wh, float[] bias, int batch)
    {
        int bh = batch * _h, bg = batch * 4 * _h, g4 = 4 * _h;
        Span<float> gates = Gates.AsSpan(0, _t * bg); // (T, B, 4H)
        if (constantInput)
        {
            // x·Wx + b once per window, copied to every step
            Gemm.MultiplyAddBias(xs[..(batch * _in)], wx, bias, gates[..bg], batch, _in, g4);
            for (int t = 1; t < _t; t++)
            {
                gates[..bg].CopyTo(gates.Slice(t * bg, bg));
            }
        }
        else
        {
            // x_t·Wx + b for every step in one GEMM over T·B rows
            Gemm.MultiplyAddBias(xs[..(_t * batch * _in)], wx, bias, gates, _t * batch, _in, g4);
        }

        Cs.AsSpan(0, bh).Clear();
        Hs.AsSpan(0, bh).Clear();
        for (int t = 0; t < _t; t++)
        {
            Span<float> gatesT = gates.Slice(t * bg, bg);                       // (B, 4H)
            if (t > 0)
            {
                Gemm.Multiply(Hs.AsSpan(t * bh, bh), wh, gatesT, batch, accumulate: true); // += h_{t-1}·Wh
            }

            GatedCellKernel.Forward(gatesT, Cs.AsSpan(t * bh, bh), Cs.AsSpan((t + 1) * bh, bh), TanhC.AsSpan(t * bh, bh), Hs.AsSpan((t + 1) * bh, bh), batch, _h);
        }
    }

    /// <summary>
    /// Backward through time; whT is Whᵀ (4H, H) packed. Reads <see cref="DHs"/>; accumulates dwx (Din, 4H), dwh (H, 4H), db (4H) with +=;
    /// writes dxs (T, B, Din) — or (B, Din) for a constant input — unless it is empty.
    /// </summary>
    public void Backward(ReadOnlySpan<float> xs, bool constantInput, float[] wx, PackedMatrix whT, float[] dwx, float[] dwh, float[] db, Span<float> dxs, int batch)
    {
        int bh = batch * _h, bg = batch * 4 * _h, g4 = 4 * _h;
        Span<float> dh = _dh.AsSpan(0, bh);
        Span<float> dhNext = _dhNext.AsSpan(0, bh);
        Span<float> dc = _dc.AsSpan(0, bh);
        dhNext.Clear();
        dc.Clear();
        for (int t = _t - 1; t >= 0; t--)
        {
            // h_t feeds the layers above (DHs) and the next step's gates (dhNext)
            ReadOnlySpan<float> dhAbove = DHs.AsSpan(t * bh, bh);
            for (int i = 0; i < bh; i++)
            {
                dh[i] = dhAbove[i] + dhNext[i];
            }

            Span<float> dGatesT = DGates.AsSpan(t * bg, bg);
            GatedCellKernel.Backward(Gates.AsSpan(t * bg, bg), Cs.AsSpan(t * bh, bh), TanhC.AsSpan(t * bh, bh), dh, dc, dGatesT, dc, batch, _h);
            if (t > 0)
            {
                // gates_t += h_{t-1}·Wh  ⇒  dh_{t-1} = dGates_t·Whᵀ
                Gemm.Multiply(dGatesT, whT, dhNext, batch);
            }
        }

        ReadOnlySpan<float> dGates = DGates.AsSpan(0, _t * bg);                 // (T·B, 4H)
        // dWh += Σ_t h_{t-1}ᵀ·dGates_t: slots 0..T-1 of Hs are h_{-1}..h_{T-2}
        Gemm.MultiplyTransposeA(Hs.AsSpan(0, _t * bh), dGates, dwh, _h, _t * batch, g4, accumulate: true);
        ColumnSums.Accumulate(dGates, _t * batch, g4, db);
        if (constantInput)
        {
            // gates_t = (x·Wx + b) + ... for every t  ⇒  dxp = Σ_t dGates_t
            Span<float> dxp = _dxp.AsSpan(0, bg);
            dxp.Clear();
            ColumnSums.Accumulate(dGates, _t, bg, dxp);
            Gemm.MultiplyTransposeA(xs[..(batch * _in)], dxp, dwx, _in, batch, g4, accumulate: true);
            if (!dxs.IsEmpty)
            {
                Gemm.MultiplyTransposeB(dxp, wx, dxs[..(batch * _in)], batch, g4, _in);
            }
        }
        else
        {
            Gemm.MultiplyTransposeA(xs[..(_t * batch * _in)], dGates, dwx, _in, _t * batch, g4, accumulate: true);
            if (!dxs.IsEmpty)
            {
                Gemm.MultiplyTransposeB(dGates, wx, dxs[..(_t * batch * _in)], _t * batch, g4, _in);
            }
        }
    }
}
