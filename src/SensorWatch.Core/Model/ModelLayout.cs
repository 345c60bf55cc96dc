namespace SensorWatch.Core.Model;

/// <summary>
/// Names, shapes and positions of every parameter of an architecture, in the stable order snapshots store.
/// Gate order in every G = 4H block: input i, forget f, candidate g, output o.
/// <code>
/// encoder.{l}.wx (Din, 4H)  Din = D for l = 0, else H      encoder.{l}.wh (H, 4H)   encoder.{l}.b (4H)
/// latent.w (H, Z), latent.b (Z)                                      (Plain, Denoising, Sparse)
/// latent.mean.w (H, Z), latent.mean.b (Z), latent.logvar.w (H, Z), latent.logvar.b (Z)   (Variational)
/// decoder.{l}.wx (Din, 4H)  Din = Z for l = 0, else H      decoder.{l}.wh (H, 4H)   decoder.{l}.b (4H)
/// output.w (H, D), output.b (D)
/// </code>
/// </summary>
internal sealed class ModelLayout
{
    public ModelLayout(AutoencoderArchitecture architecture)
    {
        architecture.ThrowIfInvalid();
        Architecture = architecture;
        int d = architecture.Features, h = architecture.Hidden, z = architecture.Latent, layers = architecture.Layers;
        IsVariational = architecture.Variant == AutoencoderVariant.Variational;
        var names = new List<string>();
        var shapes = new List<int[]>();
        void Add(string name, params int[] shape)
        {
            names.Add(name);
            shapes.Add(shape);
        }

        for (int l = 0; l < layers; l++)
        {
            Add($"encoder.{l}.wx", l == 0 ? d : h, 4 * h);
            Add($"encoder.{l}.wh", h, 4 * h);
            Add($"encoder.{l}.b", 4 * h);
        }

        LatentW = names.Count;
        if (IsVariational)
        {
            Add("latent.mean.w", h, z);
            Add("latent.mean.b", z);
            Add("latent.logvar.w", h, z);
            Add("latent.logvar.b", z);
        }
        else
        {
            Add("latent.w", h, z);
            Add("latent.b", z);
        }

        DecoderBase = names.Count;
        for (int l = 0; l < layers; l++)
        {
            Add($"decoder.{l}.wx", l == 0 ? z : h, 4 * h);
            Add($"decoder.{l}.wh", h, 4 * h);
            Add($"decoder.{l}.b", 4 * h);
        }

        OutputW = names.Count;
        Add("output.w", h, d);
        Add("output.b", d);
        Names = names;
        Shapes = shapes;
    }

    public AutoencoderArchitecture Architecture { get; }

    public bool IsVariational { get; }

    public IReadOnlyList<string> Names { get; }

    public IReadOnlyList<int[]> Shapes { get; }

    public int Count => Names.Count;

    /// <summary>latent.w or latent.mean.w; +1 is its bias; for VAE +2, +3 are the log-variance head.</summary>
    public int LatentW { get; }

    public int DecoderBase { get; }

    /// <summary>output.w; +1 is output.b.</summary>
    public int OutputW { get; }

    public static int EncoderWx(int layer) => 3 * layer;

    public static int EncoderWh(int layer) => (3 * layer) + 1;

    public static int EncoderB(int layer) => (3 * layer) + 2;

    public int DecoderWx(int layer) => DecoderBase + (3 * layer);

    public int DecoderWh(int layer) => DecoderBase + (3 * layer) + 1;

    public int DecoderB(int layer) => DecoderBase + (3 * layer) + 2;

    public static int Size(int[] shape)
    {
        int size = 1;
        foreach (int dimension in shape)
        {
            size *= dimension;
        }

        return size;
    }
}
