using SensorWatch.Core.Numerics;

namespace SensorWatch.Core.Model;

/// <summary>
/// The recurrent matrices of every LSTM layer packed for the per-step GEMMs of training: Wh (H, 4H) for the forward
/// h_{t-1}·Wh and Whᵀ (4H, H) for the backward dGates·Whᵀ. Shared read-only by all shards of a mini-batch;
/// <see cref="Refresh"/> after every weight update.
/// </summary>
internal sealed class RecurrentWeights
{
    private readonly LstmAutoencoder _model;
    private readonly float[] _transposed;  // (4H, H) scratch

    public RecurrentWeights(LstmAutoencoder model)
    {
        _model = model;
        int layers = model.Architecture.Layers, h = model.Architecture.Hidden;
        EncoderWh = new PackedMatrix[layers];
        EncoderWhT = new PackedMatrix[layers];
        DecoderWh = new PackedMatrix[layers];
        DecoderWhT = new PackedMatrix[layers];
        for (int l = 0; l < layers; l++)
        {
            EncoderWh[l] = new PackedMatrix(h, 4 * h);
            DecoderWh[l] = new PackedMatrix(h, 4 * h);
            EncoderWhT[l] = new PackedMatrix(4 * h, h);
            DecoderWhT[l] = new PackedMatrix(4 * h, h);
        }

        _transposed = new float[4 * h * h];
        Refresh();
    }

    /// <summary>[l] (H, 4H).</summary>
    public PackedMatrix[] EncoderWh { get; }

    /// <summary>[l] (4H, H).</summary>
    public PackedMatrix[] EncoderWhT { get; }

    /// <summary>[l] (H, 4H).</summary>
    public PackedMatrix[] DecoderWh { get; }

    /// <summary>[l] (4H, H).</summary>
    public PackedMatrix[] DecoderWhT { get; }

    /// <summary>Re-packs from the model's current weights.</summary>
    public void Refresh()
    {
        float[][] p = _model.ParameterArrays;
        ModelLayout layout = _model.Layout;
        for (int l = 0; l < EncoderWh.Length; l++)
        {
            Pack(p[ModelLayout.EncoderWh(l)], EncoderWh[l], EncoderWhT[l]);
            Pack(p[layout.DecoderWh(l)], DecoderWh[l], DecoderWhT[l]);
        }
    }

    private void Pack(float[] wh, PackedMatrix packed, PackedMatrix packedTransposed)
    {
        int rows = packed.K, cols = packed.N;    // (H, 4H)
        packed.Repack(wh);
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                _transposed[(j * rows) + i] = wh[(i * cols) + j];
            }
        }

        packedTransposed.Repack(_transposed);
    }
}
