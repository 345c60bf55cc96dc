namespace SensorWatch.Core.Model;

/// <summary>
/// Scratch buffers for <see cref="LstmAutoencoder.Reconstruct"/> and <see cref="LstmAutoencoder.Decode"/>: one per
/// calling thread, made by <see cref="LstmAutoencoder.CreateWorkspace(int, int)"/>. After creation scoring allocates
/// nothing. With <see cref="Threads"/> &gt; 1 a large Reconstruct batch is split into equal parts, each run by an
/// independent copy of the network on its own core (the caller runs the first part).
/// Windows are processed in chunks of at most <see cref="ChunkSize"/> so the per-step working set stays in cache.
/// Legend: C chunk rows, D features, H hidden, Z latent, Din the layer's input width.
/// </summary>
public sealed class InferenceWorkspace
{
    /// <summary>Most windows run through the network together.</summary>
    internal const int ChunkSize = 64;

    /// <summary>
    /// Up to this many windows the decoder's output layer runs once over all T steps (one GEMM of T·n rows) instead of
    /// once per step, where a GEMM of n ≤ 4 rows and D columns would be mostly call overhead.
    /// </summary>
    internal const int DeferredOutputRows = 4;

    /// <summary>Smallest part worth a thread of its own; smaller batches (and batch 1) run on the calling thread.</summary>
    internal const int MinRowsPerThread = 16;

    internal InferenceWorkspace(AutoencoderArchitecture architecture, int maxBatch, int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        Architecture = architecture;
        MaxBatch = maxBatch;
        Threads = Math.Clamp(threads == 0 ? Environment.ProcessorCount : threads, 1, Math.Max(1, maxBatch / MinRowsPerThread));
        int perPart = (maxBatch + Threads - 1) / Threads;
        Helpers = new InferenceWorkItem[Threads - 1];
        for (int i = 0; i < Helpers.Length; i++)
        {
            Helpers[i] = new InferenceWorkItem(new InferenceWorkspace(architecture, perPart));
        }

        int c = Math.Min(maxBatch, ChunkSize), h = architecture.Hidden, layers = architecture.Layers;
        Chunk = c;
        EncoderXh = new float[layers][];
        EncoderC = new float[layers][];
        DecoderXh = new float[layers][];
        DecoderC = new float[layers][];
        for (int l = 0; l < layers; l++)
        {
            EncoderXh[l] = new float[c * ((l == 0 ? architecture.Features : h) + h)];
            EncoderC[l] = new float[c * h];
            DecoderXh[l] = new float[c * (l == 0 ? h : 2 * h)];
            DecoderC[l] = new float[c * h];
        }

        Gates = new float[c * 4 * h];
        DecoderInput = new float[c * 4 * h];
        TanhC = new float[c * h];
        H = new float[c * h];
        Z = new float[c * architecture.Latent];
        Y = new float[c * architecture.Features];
        int deferred = Math.Min(c, DeferredOutputRows) * architecture.WindowLength;
        TopH = new float[deferred * h];
        TopY = new float[deferred * architecture.Features];
    }

    /// <summary>The architecture this workspace was made for.</summary>
    public AutoencoderArchitecture Architecture { get; }

    /// <summary>Largest batch a single call may pass.</summary>
    public int MaxBatch { get; }

    /// <summary>Cores a large batch is split over (the calling thread and Threads − 1 pool threads).</summary>
    public int Threads { get; }

    /// <summary>The parts run on pool threads, each with its own single-threaded workspace.</summary>
    internal InferenceWorkItem[] Helpers { get; }

    internal int Chunk { get; }

    /// <summary>[l] (C, Din + H): [x_t | h_{t-1}] rows, the concatenated input of encoder layer l.</summary>
    internal float[][] EncoderXh { get; }

    /// <summary>[l] (C, H) cell state of encoder layer l.</summary>
    internal float[][] EncoderC { get; }

    /// <summary>[0] (C, H) h_{t-1}; [l ≥ 1] (C, 2H) [x_t | h_{t-1}] of decoder layer l.</summary>
    internal float[][] DecoderXh { get; }

    /// <summary>[l] (C, H) cell state of decoder layer l.</summary>
    internal float[][] DecoderC { get; }

    /// <summary>(C, 4H) gates of the step being computed.</summary>
    internal float[] Gates { get; }

    /// <summary>(C, 4H) z·Wx + b of decoder layer 0, computed once per window.</summary>
    internal float[] DecoderInput { get; }

    /// <summary>(C, H) tanh(c_t) scratch.</summary>
    internal float[] TanhC { get; }

    /// <summary>(C, H) h_t of the layer just stepped.</summary>
    internal float[] H { get; }

    /// <summary>(C, Z) latent codes.</summary>
    internal float[] Z { get; }

    /// <summary>(C, D) one step of output.</summary>
    internal float[] Y { get; }

    /// <summary>(T, n, H) top decoder states for n ≤ <see cref="DeferredOutputRows"/>.</summary>
    internal float[] TopH { get; }

    /// <summary>(T, n, D) outputs for n ≤ <see cref="DeferredOutputRows"/>.</summary>
    internal float[] TopY { get; }
}
