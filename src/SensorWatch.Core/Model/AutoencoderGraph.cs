using SensorWatch.Core.Numerics;

namespace SensorWatch.Core.Model;

/// <summary>
/// The whole autoencoder for training, forward and backward, on one shard of at most maxBatch windows. Not
/// thread-safe: one graph per shard. Reads the parameters of the model it was made from (never writes them) and
/// accumulates gradients into its own buffers, aligned with <see cref="LstmAutoencoder.Parameters"/>.
/// Legend: B windows, T steps, D features, H hidden, L layers, Z latent.
/// </summary>
internal sealed class AutoencoderGraph
{
    private readonly ModelLayout _layout;
    private readonly float[][] _p;        // parameters, the model's arrays
    private readonly int _t, _d, _h, _z, _maxBatch;
    private readonly LstmLayer[] _encoder;
    private readonly LstmLayer[] _decoder;
    private readonly float[] _x;          // (T, B, D) time-major input
    private readonly float[] _z0;         // (B, Z) latent code z (VAE: μ + σ ⊙ ε)
    private readonly float[] _mu;         // (B, Z) VAE mean
    private readonly float[] _logVar;     // (B, Z) VAE log σ²
    private readonly float[] _std;        // (B, Z) VAE σ = exp(½ log σ²)
    private readonly float[] _eps;        // (B, Z) VAE noise ε (zeros at inference)
    private readonly float[] _y;          // (T, B, D) reconstruction
    private readonly float[] _dy;         // (T, B, D) dL/dy
    private readonly float[] _dz;         // (B, Z) dL/dz
    private readonly float[] _dzPenalty;  // (B, Z) dL/dz from L1 (non-VAE) or dL/dμ from KL (VAE)
    private readonly float[] _dLogVarPenalty; // (B, Z) dL/dlog σ² from KL
    private readonly float[] _dMu;        // (B, Z)
    private readonly float[] _dLogVar;    // (B, Z)
    private readonly float[] _dx;         // (T, B, D) dL/dx, time-major
    private readonly RecurrentWeights _recurrent;
    private int _batch;

    public AutoencoderGraph(LstmAutoencoder model, int maxBatch)
        : this(model, maxBatch, new RecurrentWeights(model))
    {
    }

    /// <summary>A graph reading <paramref name="recurrent"/>, shared with other shards and refreshed after every update.</summary>
    public AutoencoderGraph(LstmAutoencoder model, int maxBatch, RecurrentWeights recurrent)
    {
        _recurrent = recurrent;
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _layout = model.Layout;
        _p = model.ParameterArrays;
        AutoencoderArchitecture a = _layout.Architecture;
        (_t, _d, _h, _z, _maxBatch) = (a.WindowLength, a.Features, a.Hidden, a.Latent, maxBatch);
        _encoder = new LstmLayer[a.Layers];
        _decoder = new LstmLayer[a.Layers];
        for (int l = 0; l < a.Layers; l++)
        {
            _encoder[l] = new LstmLayer(_t, maxBatch, l == 0 ? _d : _h, _h);
            _decoder[l] = new LstmLayer(_t, maxBatch, l == 0 ? _z : _h, _h);
        }

        _x = new float[_t * maxBatch * _d];
        _y = new float[_t * maxBatch * _d];
        _dy = new float[_t * maxBatch * _d];
        _dx = new float[_t * maxBatch * _d];
        _z0 = new float[maxBatch * _z];
        _mu = new float[maxBatch * _z];
        _logVar = new float[maxBatch * _z];
        _std = new float[maxBatch * _z];
        _eps = new float[maxBatch * _z];
        _dz = new float[maxBatch * _z];
        _dzPenalty = new float[maxBatch * _z];
        _dLogVarPenalty = new float[maxBatch * _z];
        _dMu = new float[maxBatch * _z];
        _dLogVar = new float[maxBatch * _z];
        Gradients = new float[_p.Length][];
        for (int i = 0; i < _p.Length; i++)
        {
            Gradients[i] = new float[_p[i].Length];
        }
    }

    /// <summary>dL/dθ for every parameter, same order and shapes as the parameters; accumulated by <see cref="Backward"/>.</summary>
    public float[][] Gradients { get; }

    public int MaxBatch => _maxBatch;

    public void ZeroGradients()
    {
        foreach (float[] g in Gradients)
        {
            Array.Clear(g);
        }
    }

    /// <summary>
    /// Forward over input (B, T, D) batch-major. eps (B, Z): the VAE noise ε (empty = 0, i.e. z = μ); ignored otherwise.
    /// </summary>
    public void Forward(ReadOnlySpan<float> input, int batch, ReadOnlySpan<float> eps)
    {
        if (batch < 1 || batch > _maxBatch)
        {
            throw new InvalidOperationException($"Batch {batch} is outside 1..{_maxBatch} of this graph.");
        }

        _batch = batch;
        int bh = batch * _h, bz = batch * _z, layers = _encoder.Length;
        BatchToTime(input, _x, batch, _t, _d);
        // encoder: stacked LSTMs over the window
        for (int l = 0; l < layers; l++)
        {
            ReadOnlySpan<float> xs = l == 0 ? _x.AsSpan(0, _t * batch * _d) : _encoder[l - 1].Output(batch);
            _encoder[l].Forward(xs, false, _p[ModelLayout.EncoderWx(l)], _recurrent.EncoderWh[l], _p[ModelLayout.EncoderB(l)], batch);
        }

        // bottleneck: z = h_T·Wz + bz, or VAE μ, log σ² heads and z = μ + σ ⊙ ε
        ReadOnlySpan<float> hLast = _encoder[layers - 1].Hs.AsSpan(_t * bh, bh); // (B, H)
        Span<float> z = _z0.AsSpan(0, bz);
        int lw = _layout.LatentW;
        if (_layout.IsVariational)
        {
            Gemm.MultiplyAddBias(hLast, _p[lw], _p[lw + 1], _mu.AsSpan(0, bz), batch, _h, _z);
            Gemm.MultiplyAddBias(hLast, _p[lw + 2], _p[lw + 3], _logVar.AsSpan(0, bz), batch, _h, _z);
            for (int i = 0; i < bz; i++)
            {
                _std[i] = MathF.Exp(0.5f * _logVar[i]);
                _eps[i] = eps.IsEmpty ? 0f : eps[i];
                z[i] = _mu[i] + (_std[i] * _eps[i]);
            }
        }
        else
        {
            Gemm.MultiplyAddBias(hLast, _p[lw], _p[lw + 1], z, batch, _h, _z);
        }

        // decoder: layer 0 reads z at every step (its projection computed once), then stacked LSTMs
        for (int l = 0; l < layers; l++)
        {
            ReadOnlySpan<float> xs = l == 0 ? z : _decoder[l - 1].Output(batch);
            _decoder[l].Forward(xs, l == 0, _p[_layout.DecoderWx(l)], _recurrent.DecoderWh[l], _p[_layout.DecoderB(l)], batch);
        }

        // time-distributed dense: y_t = h_t·Wo + bo over T·B rows
        Gemm.MultiplyAddBias(_decoder[layers - 1].Output(batch), _p[_layout.OutputW], _p[_layout.OutputW + 1], _y.AsSpan(0, _t * batch * _d), _t * batch, _h, _d);
    }

    /// <summary>The reconstruction of the last forward as (B, T, D) batch-major.</summary>
    public void CopyOutput(Span<float> output) => TimeToBatch(_y, output, _batch, _t, _d);

    /// <summary>The latent code z (B, Z) of the last forward (VAE: μ + σ ⊙ ε).</summary>
    public ReadOnlySpan<float> Latent => _z0.AsSpan(0, _batch * _z);

    /// <summary>dL/dx (B, T, D) batch-major from the last <see cref="Backward"/> run with inputGradient.</summary>
    public void CopyInputGradient(Span<float> dInput) => TimeToBatch(_dx, dInput, _batch, _t, _d);

    /// <summary>
    /// The training objective of the last forward, scaled by <paramref name="scale"/> (1 / windows in the
    /// mini-batch): Σ_b scale · loss_b with loss_b as in <see cref="LossWeights"/>. Sets dL/dy and the penalty
    /// gradients for <see cref="Backward"/>. target (B, T, D) batch-major clean windows.
    /// </summary>
    public double Loss(ReadOnlySpan<float> target, LossWeights weights, float scale)
    {
        int batch = _batch, bz = batch * _z;
        double sum = 0;
        float gradScale = 2f * scale / (_t * _d);
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < _t; t++)
            {
                int yo = ((t * batch) + b) * _d, xo = ((b * _t) + t) * _d;
                for (int j = 0; j < _d; j++)
                {
                    float e = _y[yo + j] - target[xo + j];
                    sum += (double)e * e;
                    _dy[yo + j] = gradScale * e;
                }
            }
        }

        double loss = sum * scale / (_t * _d);
        _dzPenalty.AsSpan(0, bz).Clear();
        _dLogVarPenalty.AsSpan(0, bz).Clear();
        if (_layout.Architecture.Variant == AutoencoderVariant.Sparse && weights.L1 != 0)
        {
            double l1 = 0;
            float g = weights.L1 * scale / _z;
            for (int i = 0; i < bz; i++)
            {
                l1 += Math.Abs(_z0[i]);
                _dzPenalty[i] = g * MathF.Sign(_z0[i]);
            }

            loss += weights.L1 * scale * l1 / _z;
        }
        else if (_layout.IsVariational && weights.KlWeight != 0)
        {
            double kl = 0;
            float g = weights.KlWeight * scale / _z;
            for (int i = 0; i < bz; i++)
            {
                float variance = _std[i] * _std[i];
                kl += -0.5 * (1.0 + _logVar[i] - ((double)_mu[i] * _mu[i]) - variance);
                _dzPenalty[i] = g * _mu[i];                          // dKL/dμ = μ
                _dLogVarPenalty[i] = g * 0.5f * (variance - 1f);     // dKL/dlog σ² = ½(σ² − 1)
            }

            loss += weights.KlWeight * scale * kl / _z;
        }

        return loss;
    }

    /// <summary>Uses dL/dy = dOutput (B, T, D) batch-major and no penalty, e.g. loss = Σ y ⊙ R in gradient checks.</summary>
    public void SetOutputGradient(ReadOnlySpan<float> dOutput)
    {
        BatchToTime(dOutput, _dy, _batch, _t, _d);
        _dzPenalty.AsSpan(0, _batch * _z).Clear();
        _dLogVarPenalty.AsSpan(0, _batch * _z).Clear();
    }

    /// <summary>Backward of the last forward from dL/dy; accumulates into <see cref="Gradients"/> (+=).</summary>
    public void Backward(bool inputGradient = false)
    {
        int batch = _batch, bh = batch * _h, bz = batch * _z, tb = _t * batch, layers = _encoder.Length;
        float[][] g = Gradients;
        int ow = _layout.OutputW;
        LstmLayer top = _decoder[layers - 1];
        ReadOnlySpan<float> dy = _dy.AsSpan(0, tb * _d);                             // (T·B, D)
        // y = h·Wo + bo  ⇒  dh = dy·Woᵀ, dWo += hᵀ·dy, dbo += Σ dy
        Gemm.MultiplyTransposeB(dy, _p[ow], top.DHs.AsSpan(0, tb * _h), tb, _d, _h);
        Gemm.MultiplyTransposeA(top.Output(batch), dy, g[ow], _h, tb, _d, accumulate: true);
        ColumnSums.Accumulate(dy, tb, _d, g[ow + 1]);
        Span<float> dz = _dz.AsSpan(0, bz);
        for (int l = layers - 1; l >= 0; l--)
        {
            ReadOnlySpan<float> xs = l == 0 ? _z0.AsSpan(0, bz) : _decoder[l - 1].Output(batch);
            Span<float> dxs = l == 0 ? dz : _decoder[l - 1].DHs.AsSpan(0, tb * _h);
            _decoder[l].Backward(xs, l == 0, _p[_layout.DecoderWx(l)], _recurrent.DecoderWhT[l],
                g[_layout.DecoderWx(l)], g[_layout.DecoderWh(l)], g[_layout.DecoderB(l)], dxs, batch);
        }

        LstmLayer last = _encoder[layers - 1];
        last.DHs.AsSpan(0, tb * _h).Clear();
        Span<float> dhLast = last.DHs.AsSpan((_t - 1) * bh, bh);                     // dL/dh_{T-1} of the top encoder layer
        ReadOnlySpan<float> hLast = last.Hs.AsSpan(_t * bh, bh);                     // (B, H)
        int lw = _layout.LatentW;
        if (_layout.IsVariational)
        {
            // z = μ + exp(½ log σ²) ⊙ ε  ⇒  dμ = dz, dlog σ² = dz ⊙ ε ⊙ ½σ; plus the KL terms
            Span<float> dMu = _dMu.AsSpan(0, bz), dLogVar = _dLogVar.AsSpan(0, bz);
            for (int i = 0; i < bz; i++)
            {
                dMu[i] = dz[i] + _dzPenalty[i];
                dLogVar[i] = (dz[i] * _eps[i] * 0.5f * _std[i]) + _dLogVarPenalty[i];
            }

            Gemm.MultiplyTransposeA(hLast, dMu, g[lw], _h, batch, _z, accumulate: true);
            ColumnSums.Accumulate(dMu, batch, _z, g[lw + 1]);
            Gemm.MultiplyTransposeA(hLast, dLogVar, g[lw + 2], _h, batch, _z, accumulate: true);
            ColumnSums.Accumulate(dLogVar, batch, _z, g[lw + 3]);
            Gemm.MultiplyTransposeB(dMu, _p[lw], dhLast, batch, _z, _h);
            Gemm.MultiplyTransposeB(dLogVar, _p[lw + 2], dhLast, batch, _z, _h, accumulate: true);
        }
        else
        {
            // z = h·Wz + bz
            for (int i = 0; i < bz; i++)
            {
                dz[i] += _dzPenalty[i];
            }

            Gemm.MultiplyTransposeA(hLast, dz, g[lw], _h, batch, _z, accumulate: true);
            ColumnSums.Accumulate(dz, batch, _z, g[lw + 1]);
            Gemm.MultiplyTransposeB(dz, _p[lw], dhLast, batch, _z, _h);
        }

        for (int l = layers - 1; l >= 0; l--)
        {
            ReadOnlySpan<float> xs = l == 0 ? _x.AsSpan(0, tb * _d) : _encoder[l - 1].Output(batch);
            Span<float> dxs = l > 0 ? _encoder[l - 1].DHs.AsSpan(0, tb * _h) : inputGradient ? _dx.AsSpan(0, tb * _d) : default;
            _encoder[l].Backward(xs, false, _p[ModelLayout.EncoderWx(l)], _recurrent.EncoderWhT[l],
                g[ModelLayout.EncoderWx(l)], g[ModelLayout.EncoderWh(l)], g[ModelLayout.EncoderB(l)], dxs, batch);
        }
    }

    /// <summary>(B, T, ·) batch-major → (T, B, ·) time-major.</summary>
    private static void BatchToTime(ReadOnlySpan<float> source, Span<float> target, int batch, int steps, int width)
    {
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < steps; t++)
            {
                source.Slice(((b * steps) + t) * width, width).CopyTo(target.Slice(((t * batch) + b) * width, width));
            }
        }
    }

    /// <summary>(T, B, ·) time-major → (B, T, ·) batch-major.</summary>
    private static void TimeToBatch(ReadOnlySpan<float> source, Span<float> target, int batch, int steps, int width)
    {
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < steps; t++)
            {
                source.Slice(((t * batch) + b) * width, width).CopyTo(target.Slice(((b * steps) + t) * width, width));
            }
        }
    }
}
