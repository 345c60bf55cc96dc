using SensorWatch.Core.Model;

namespace SensorWatch.Core.Tests.Model;

/// <summary>Seeded tiny models and inputs shared by the model tests.</summary>
internal static class ModelTestData
{
    public static TheoryData<int, AutoencoderVariant> LayersAndVariants()
    {
        var data = new TheoryData<int, AutoencoderVariant>();
        foreach (int layers in new[] { 1, 2 })
        {
            foreach (AutoencoderVariant variant in Enum.GetValues<AutoencoderVariant>())
            {
                data.Add(layers, variant);
            }
        }

        return data;
    }

    /// <summary>A model whose every parameter (biases too) is uniform in ±<paramref name="range"/>.</summary>
    public static LstmAutoencoder RandomModel(AutoencoderArchitecture architecture, int seed, float range = 0.8f)
    {
        var random = new Random(seed);
        LstmAutoencoder model = LstmAutoencoder.Create(architecture, seed);
        var parameters = model.Parameters
            .Select(p => new NamedTensor(p.Name, p.Shape, p.Data.Select(_ => ((float)random.NextDouble() * 2 * range) - range).ToArray()))
            .ToList();
        return LstmAutoencoder.FromParameters(architecture, parameters);
    }

    public static float[] Gaussian(int count, int seed, float scale = 1f)
    {
        var random = new Random(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++)
        {
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            values[i] = scale * (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }

        return values;
    }

    public static double[] ToDouble(float[] values) => Array.ConvertAll(values, v => (double)v);
}
