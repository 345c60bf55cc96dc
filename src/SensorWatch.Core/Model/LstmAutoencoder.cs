using SensorWatch.Core.Numerics;

namespace SensorWatch.Core.Model;

/// <summary>
/// LSTM sequence autoencoder. Legend: B windows, T steps, D features, H hidden, L layers, Z latent, G = 4H with gate
/// order (input, forget, candidate, output). Encoder: L stacked LSTMs over the window; its last hidden state passes
/// a dense bottleneck to the latent code z (B, Z) (Variational: the mean μ at inference). Decoder: L stacked LSTMs
/// whose first layer reads z at every step (its input projection z·Wx + b computed once per window), then a
/// time-distributed dense layer H → D. Parameter names and shapes: see <see cref="Parameters"/>.
/// Thread safety: <see cref="Reconstruct"/> and <see cref="Decode"/> may run concurrently with one
/// <see cref="InferenceWorkspace"/> per thread; training mutates the weights and must not overlap scoring.
/// </summary>
public sealed unsafe class LstmAutoencoder
{
    private readonly NamedTensor[] _parameters;
    private readonly PackedMatrix[] _encoderPacked;   // [l] (Din + H, 4H) = [Wx; Wh]
    private readonly PackedMatrix _decoderInPacked;   // (Z, 4H) decoder.0.wx
    private readonly PackedMatrix[] _decoderPacked;   // [0] (H, 4H) Wh; [l ≥ 1] (2H, 4H) = [Wx; Wh]
    private readonly PackedMatrix _latentPacked;      // (H, Z) latent.w or latent.mean.w
    private readonly PackedMatrix _outputPacked;      // (H, D)

    private LstmAutoencoder(ModelLayout layout, NamedTensor[] parameters)
    {
        Layout = layout;
        _parameters = parameters;
        ParameterArrays = Array.ConvertAll(parameters, p => p.Data);
        AutoencoderArchitecture a = layout.Architecture;
        int h = a.Hidden, g4 = 4 * h;
        _encoderPacked = new PackedMatrix[a.Layers];
        _decoderPacked = new PackedMatrix[a.Layers];
        for (int l = 0; l < a.Layers; l++)
        {
            _encoderPacked[l] = new PackedMatrix((l == 0 ? a.Features : h) + h, g4);
            _decoderPacked[l] = new PackedMatrix(l == 0 ? h : 2 * h, g4);
        }

        _decoderInPacked = new PackedMatrix(a.Latent, g4);
        _latentPacked = new PackedMatrix(h, a.Latent);
        _outputPacked = new PackedMatrix(h, a.Features);
        OnParametersChanged();
    }

    /// <summary>The shape of this model.</summary>
    public AutoencoderArchitecture Architecture => Layout.Architecture;

    /// <summary>
    /// Every parameter in a stable order with stable names (what snapshots store):
    /// <c>encoder.{l}.wx</c> (Din, 4H) with Din = D for l = 0 else H, <c>encoder.{l}.wh</c> (H, 4H), <c>encoder.{l}.b</c> (4H);
    /// <c>latent.w</c> (H, Z), <c>latent.b</c> (Z) — Variational instead <c>latent.mean.w</c>, <c>latent.mean.b</c>,
    /// <c>latent.logvar.w</c>, <c>latent.logvar.b</c>; <c>decoder.{l}.wx</c> (Din, 4H) with Din = Z for l = 0 else H,
    /// <c>decoder.{l}.wh</c>, <c>decoder.{l}.b</c>; <c>output.w</c> (H, D), <c>output.b</c> (D).
    /// The arrays are the live weights: read them, but change weights only through <see cref="FromParameters"/>.
    /// </summary>
    public IReadOnlyList<NamedTensor> Parameters => _parameters;

    /// <summary>Incremented whenever the weights change (training steps end, best weights restored).</summary>
    internal long Version { get; private set; }

    internal ModelLayout Layout { get; }

    /// <summary>The parameter data arrays, aligned with <see cref="Parameters"/>.</summary>
    internal float[][] ParameterArrays { get; }

    /// <summary>
    /// A freshly initialised model: LSTM weights uniform in ±1/√H with forget-gate bias 1, dense weights uniform in
    /// ±1/√fan-in, other biases 0, all drawn from a generator seeded with <paramref name="seed"/>.
    /// </summary>
    public static LstmAutoencoder Create(AutoencoderArchitecture architecture, int seed)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var layout = new ModelLayout(architecture);
        var random = new SeededRandom(seed, stream: 0x5EED);
        var parameters = new NamedTensor[layout.Count];
        static bool IsRecurrentBias(string name) =>
            (name.StartsWith("encoder.", StringComparison.Ordinal) || name.StartsWith("decoder.", StringComparison.Ordinal)) && name.EndsWith(".b", StringComparison.Ordinal);
        for (int i = 0; i < layout.Count; i++)
        {
            string name = layout.Names[i];
            int[] shape = layout.Shapes[i];
            float[] data = new float[ModelLayout.Size(shape)];
            if (shape.Length == 2)
            {
                bool recurrentBlock = name.StartsWith("encoder.", StringComparison.Ordinal) || name.StartsWith("decoder.", StringComparison.Ordinal);
                float limit = 1f / MathF.Sqrt(recurrentBlock ? architecture.Hidden : shape[0]);
                if (name == "latent.logvar.w")
                {
                    limit *= 0.1f;
                }

                for (int j = 0; j < data.Length; j++)
                {
                    data[j] = random.NextUniform(-limit, limit);
                }
            }
            else if (IsRecurrentBias(name))
            {
                data.AsSpan(architecture.Hidden, architecture.Hidden).Fill(1f); // forget gate
            }

            parameters[i] = new NamedTensor(name, shape, data);
        }

        return new LstmAutoencoder(layout, parameters);
    }

    /// <summary>
    /// A model holding copies of <paramref name="parameters"/>, which must match <see cref="Parameters"/> of the
    /// architecture in count, order, names and shapes (<see cref="InvalidOperationException"/> naming expected and found).
    /// </summary>
    public static LstmAutoencoder FromParameters(AutoencoderArchitecture architecture, IReadOnlyList<NamedTensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(parameters);
        var layout = new ModelLayout(architecture);
        if (parameters.Count != layout.Count)
        {
            throw new InvalidOperationException(
                $"Architecture {architecture} has {layout.Count} parameters ({string.Join(", ", layout.Names)}), found {parameters.Count}.");
        }

        var copies = new NamedTensor[layout.Count];
        for (int i = 0; i < layout.Count; i++)
        {
            NamedTensor p = parameters[i] ?? throw new InvalidOperationException($"Parameter {i} ('{layout.Names[i]}') is null.");
            int[] expected = layout.Shapes[i];
            if (p.Name != layout.Names[i] || !p.Shape.AsSpan().SequenceEqual(expected) || p.Data.Length != ModelLayout.Size(expected))
            {
                throw new InvalidOperationException(
                    $"Parameter {i}: expected '{layout.Names[i]}' of shape {NamedTensor.FormatShape(expected)}, found '{p.Name}' of shape " +
                    $"{NamedTensor.FormatShape(p.Shape)} with {p.Data.Length} values (architecture {architecture}).");
            }

            copies[i] = p.Clone();
        }

        return new LstmAutoencoder(layout, copies);
    }

    /// <summary>A deep copy (e.g. to warm-start retraining without touching the serving model).</summary>
    public LstmAutoencoder Clone() => FromParameters(Architecture, _parameters);

    /// <summary>Scratch for one thread scoring batches of up to <paramref name="maxBatch"/> windows, on that thread only.</summary>
    public InferenceWorkspace CreateWorkspace(int maxBatch) => new(Architecture, maxBatch, threads: 1);

    /// <summary>
    /// Scratch for one calling thread; Reconstruct batches of at least 2×16 windows are split over up to
    /// <paramref name="threads"/> cores (0 = all), each part an independent copy of the network. Results equal the
    /// single-thread ones up to float rounding of the GEMM's tile layout.
    /// </summary>
    public InferenceWorkspace CreateWorkspace(int maxBatch, int threads) => new(Architecture, maxBatch, threads);

    /// <summary>
    /// Reconstructs windows. x (B, T, D) standardised, batch-major; reconstruction (B, T, D); latent (B, Z) receives the
    /// codes (Variational: the mean μ) or may be empty. Allocates nothing.
    /// </summary>
    public void Reconstruct(ReadOnlySpan<float> x, int batch, Span<float> reconstruction, Span<float> latent, InferenceWorkspace workspace)
    {
        AutoencoderArchitecture a = Architecture;
        int window = a.WindowLength * a.Features;
        CheckCall(workspace, batch);
        CheckLength("x", x.Length, batch, window, "(B, T, D)");
        CheckLength("reconstruction", reconstruction.Length, batch, window, "(B, T, D)");
        if (!latent.IsEmpty)
        {
            CheckLength("latent", latent.Length, batch, a.Latent, "(B, Z)");
        }

        int parts = Math.Min(workspace.Threads, batch / InferenceWorkspace.MinRowsPerThread);
        if (parts <= 1)
        {
            ReconstructSerial(x, batch, reconstruction, latent, workspace);
            return;
        }

        // independent per-core copies: equal parts, the caller runs part 0, pool threads the rest
        int per = (batch + parts - 1) / parts;
        fixed (float* px = x)
        fixed (float* py = reconstruction)
        fixed (float* pz = latent)
        {
            int started = 0;
            try
            {
                for (int p = 1; p < parts && p * per < batch; p++)
                {
                    int start = p * per, n = Math.Min(per, batch - start);
                    workspace.Helpers[p - 1].Start(this, px + (start * window), n, py + (start * window), latent.IsEmpty ? null : pz + (start * a.Latent));
                    started = p;
                }

                ReconstructSerial(x[..(per * window)], per, reconstruction[..(per * window)], latent.IsEmpty ? default : latent[..(per * a.Latent)], workspace);
            }
            finally
            {
                for (int p = 1; p <= started; p++)
                {
                    workspace.Helpers[p - 1].Wait();
                }
            }
        }
    }

    /// <summary>Reconstruct on the calling thread only, in chunks of the workspace.</summary>
    internal void ReconstructSerial(ReadOnlySpan<float> x, int batch, Span<float> reconstruction, Span<float> latent, InferenceWorkspace workspace)
    {
        AutoencoderArchitecture a = Architecture;
        int window = a.WindowLength * a.Features;
        for (int start = 0; start < batch; start += workspace.Chunk)
        {
            int n = Math.Min(workspace.Chunk, batch - start);
            Span<float> z = workspace.Z.AsSpan(0, n * a.Latent);
            Encode(x.Slice(start * window, n * window), n, z, workspace);
            if (!latent.IsEmpty)
            {
                z.CopyTo(latent.Slice(start * a.Latent, n * a.Latent));
            }

            DecodeChunk(z, n, reconstruction.Slice(start * window, n * window), workspace);
        }
    }

    /// <summary>Decodes latent codes (B, Z) into windows (B, T, D) — VAE sampling from the prior. Allocates nothing.</summary>
    public void Decode(ReadOnlySpan<float> latent, int batch, Span<float> output, InferenceWorkspace workspace)
    {
        AutoencoderArchitecture a = Architecture;
        int window = a.WindowLength * a.Features;
        CheckCall(workspace, batch);
        CheckLength("latent", latent.Length, batch, a.Latent, "(B, Z)");
        CheckLength("output", output.Length, batch, window, "(B, T, D)");
        for (int start = 0; start < batch; start += workspace.Chunk)
        {
            int n = Math.Min(workspace.Chunk, batch - start);
            Span<float> z = workspace.Z.AsSpan(0, n * a.Latent);
            latent.Slice(start * a.Latent, n * a.Latent).CopyTo(z);
            DecodeChunk(z, n, output.Slice(start * window, n * window), workspace);
        }
    }

    /// <summary>Re-packs the kernel layouts after the weights changed; call after any write to the parameter arrays.</summary>
    internal void OnParametersChanged()
    {
        AutoencoderArchitecture a = Architecture;
        float[][] p = ParameterArrays;
        int h = a.Hidden, g4 = 4 * h;
        float[] scratch = new float[(Math.Max(a.Features, h) + h) * g4];
        for (int l = 0; l < a.Layers; l++)
        {
            Concatenate(p[ModelLayout.EncoderWx(l)], p[ModelLayout.EncoderWh(l)], scratch, _encoderPacked[l]);
            if (l == 0)
            {
                _decoderPacked[0].Repack(p[Layout.DecoderWh(0)]);
            }
            else
            {
                Concatenate(p[Layout.DecoderWx(l)], p[Layout.DecoderWh(l)], scratch, _decoderPacked[l]);
            }
        }

        _decoderInPacked.Repack(p[Layout.DecoderWx(0)]);
        _latentPacked.Repack(p[Layout.LatentW]);
        _outputPacked.Repack(p[Layout.OutputW]);
        Version++;
    }

    /// <summary>x (n, T, D) → z (n, Z): encoder LSTMs stepped together, layer by layer within each step.</summary>
    private void Encode(ReadOnlySpan<float> x, int n, Span<float> z, InferenceWorkspace ws)
    {
        AutoencoderArchitecture a = Architecture;
        int steps = a.WindowLength, d = a.Features, h = a.Hidden, layers = a.Layers, g4 = 4 * h;
        float[][] p = ParameterArrays;
        for (int l = 0; l < layers; l++)
        {
            Array.Clear(ws.EncoderXh[l]);
            Array.Clear(ws.EncoderC[l]);
        }

        Span<float> gates = ws.Gates.AsSpan(0, n * g4);  // (n, 4H)
        Span<float> hNew = ws.H.AsSpan(0, n * h);        // (n, H)
        Span<float> tanhC = ws.TanhC.AsSpan(0, n * h);   // (n, H)
        for (int t = 0; t < steps; t++)
        {
            int w0 = d + h;
            float[] xh0 = ws.EncoderXh[0];
            for (int b = 0; b < n; b++)
            {
                x.Slice(((b * steps) + t) * d, d).CopyTo(xh0.AsSpan(b * w0, d));
            }

            for (int l = 0; l < layers; l++)
            {
                int din = l == 0 ? d : h, w = din + h;
                float[] xh = ws.EncoderXh[l];                 // (n, Din + H) [x_t | h_{t-1}]
                Span<float> c = ws.EncoderC[l].AsSpan(0, n * h);
                // gates = [x_t | h_{t-1}]·[Wx; Wh] + b: one GEMM for all four gates and all windows
                Gemm.Multiply(xh.AsSpan(0, n * w), _encoderPacked[l], gates, n, accumulate: false, bias: p[ModelLayout.EncoderB(l)]);
                GatedCellKernel.Forward(gates, c, c, tanhC, hNew, n, h);
                for (int b = 0; b < n; b++)
                {
                    ReadOnlySpan<float> row = hNew.Slice(b * h, h);
                    row.CopyTo(xh.AsSpan((b * w) + din, h));
                    if (l + 1 < layers)
                    {
                        row.CopyTo(ws.EncoderXh[l + 1].AsSpan(b * 2 * h, h));
                    }
                }
            }
        }

        // z = h_{T-1}·Wz + bz (Variational: the mean head); hNew holds the top layer's last state
        Gemm.Multiply(hNew, _latentPacked, z, n, accumulate: false, bias: p[Layout.LatentW + 1]);
    }

    /// <summary>z (n, Z) → output (n, T, D).</summary>
    private void DecodeChunk(ReadOnlySpan<float> z, int n, Span<float> output, InferenceWorkspace ws)
    {
        AutoencoderArchitecture a = Architecture;
        int steps = a.WindowLength, d = a.Features, h = a.Hidden, layers = a.Layers, g4 = 4 * h;
        float[][] p = ParameterArrays;
        for (int l = 0; l < layers; l++)
        {
            Array.Clear(ws.DecoderXh[l]);
            Array.Clear(ws.DecoderC[l]);
        }

        Span<float> gates = ws.Gates.AsSpan(0, n * g4);          // (n, 4H)
        Span<float> zp = ws.DecoderInput.AsSpan(0, n * g4);      // (n, 4H)
        Span<float> hNew = ws.H.AsSpan(0, n * h);                // (n, H)
        Span<float> tanhC = ws.TanhC.AsSpan(0, n * h);           // (n, H)
        Span<float> y = ws.Y.AsSpan(0, n * d);                   // (n, D)
        bool deferOutput = n <= InferenceWorkspace.DeferredOutputRows;
        // the decoder's input is the same z at every step: its projection once per window
        Gemm.Multiply(z, _decoderInPacked, zp, n, accumulate: false, bias: p[Layout.DecoderB(0)]);
        for (int t = 0; t < steps; t++)
        {
            ReadOnlySpan<float> top = default;
            for (int l = 0; l < layers; l++)
            {
                Span<float> c = ws.DecoderC[l].AsSpan(0, n * h);
                float[] xh = ws.DecoderXh[l];
                if (l == 0)
                {
                    Span<float> h0 = xh.AsSpan(0, n * h);         // (n, H) h_{t-1}, then h_t
                    zp.CopyTo(gates);
                    if (t > 0)
                    {
                        Gemm.Multiply(h0, _decoderPacked[0], gates, n, accumulate: true);
                    }

                    GatedCellKernel.Forward(gates, c, c, tanhC, h0, n, h);
                    top = h0;
                }
                else
                {
                    Gemm.Multiply(xh.AsSpan(0, n * 2 * h), _decoderPacked[l], gates, n, accumulate: false, bias: p[Layout.DecoderB(l)]);
                    GatedCellKernel.Forward(gates, c, c, tanhC, hNew, n, h);
                    for (int b = 0; b < n; b++)
                    {
                        hNew.Slice(b * h, h).CopyTo(xh.AsSpan((b * 2 * h) + h, h));
                    }

                    top = hNew;
                }

                if (l + 1 < layers)
                {
                    for (int b = 0; b < n; b++)
                    {
                        top.Slice(b * h, h).CopyTo(ws.DecoderXh[l + 1].AsSpan(b * 2 * h, h));
                    }
                }
            }

            if (deferOutput)
            {
                top.CopyTo(ws.TopH.AsSpan(t * n * h, n * h));
                continue;
            }

            // y_t = h_t·Wo + bo
            Gemm.Multiply(top, _outputPacked, y, n, accumulate: false, bias: p[Layout.OutputW + 1]);
            for (int b = 0; b < n; b++)
            {
                y.Slice(b * d, d).CopyTo(output.Slice(((b * steps) + t) * d, d));
            }
        }

        if (deferOutput)
        {
            // y = h·Wo + bo over all (T, n) rows at once
            Span<float> topY = ws.TopY.AsSpan(0, steps * n * d);
            Gemm.Multiply(ws.TopH.AsSpan(0, steps * n * h), _outputPacked, topY, steps * n, accumulate: false, bias: p[Layout.OutputW + 1]);
            for (int t = 0; t < steps; t++)
            {
                for (int b = 0; b < n; b++)
                {
                    topY.Slice(((t * n) + b) * d, d).CopyTo(output.Slice(((b * steps) + t) * d, d));
                }
            }
        }
    }

    private static void Concatenate(float[] top, float[] bottom, float[] scratch, PackedMatrix target)
    {
        top.CopyTo(scratch, 0);
        bottom.CopyTo(scratch, top.Length);
        target.Repack(scratch.AsSpan(0, top.Length + bottom.Length));
    }

    private void CheckCall(InferenceWorkspace workspace, int batch)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (workspace.Architecture != Architecture)
        {
            throw new InvalidOperationException($"The workspace was made for {workspace.Architecture}, this model is {Architecture}.");
        }

        if (batch < 1 || batch > workspace.MaxBatch)
        {
            throw new InvalidOperationException($"Batch {batch} is outside 1..{workspace.MaxBatch}, the workspace's maximum batch.");
        }
    }

    private static void CheckLength(string name, int length, int batch, int perWindow, string shape)
    {
        if (length < batch * perWindow)
        {
            throw new InvalidOperationException(
                $"{name} has {length} values, the shape {shape} with B = {batch} needs {batch * perWindow} ({perWindow} per window).");
        }
    }
}
