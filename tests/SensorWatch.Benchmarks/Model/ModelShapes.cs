using SensorWatch.Core.Model;

namespace SensorWatch.Benchmarks.Model;

/// <summary>The benchmark networks: ref-small, ref-large (DESIGN) and an awkward odd shape.</summary>
internal static class ModelShapes
{
    public static AutoencoderArchitecture Get(string name) => name switch
    {
        "ref-small" => new AutoencoderArchitecture(Features: 8, WindowLength: 64, Hidden: 64, Layers: 1, Latent: 64),
        "ref-large" => new AutoencoderArchitecture(Features: 32, WindowLength: 128, Hidden: 128, Layers: 1, Latent: 64),
        "awkward" => new AutoencoderArchitecture(Features: 5, WindowLength: 33, Hidden: 17, Layers: 2, Latent: 3),
        _ => throw new ArgumentException($"Unknown shape '{name}'.", nameof(name)),
    };

    public static float[] Inputs(int count, int seed)
    {
        var random = new Random(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}
