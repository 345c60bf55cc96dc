using System.CommandLine;
using System.Globalization;
using System.Text;
using SensorWatch.Core.Model;
using SensorWatch.Core.Scoring;
using SensorWatch.Core.Snapshots;

namespace SensorWatch.Cli;

/// <summary>
/// <c>sensorwatch generate</c>: samples new normal-looking windows from a variational model's latent prior
/// z ~ N(0, I) (seeded), decodes them and maps them back to sensor units (data generation / augmentation).
/// </summary>
internal static class GenerateCommand
{
    private const int Batch = 64;

    public static Command Create()
    {
        Option<string> model = new("--model") { Description = "A variational model (train --variant variational).", Required = true };
        Option<int> count = new("--count") { Description = "Windows to generate.", DefaultValueFactory = _ => 100 };
        Option<string> output = new("--out") { Description = "Output: .jsonl window messages, or .csv rows (window, step, features).", Required = true };
        Option<int> seed = new("--seed") { Description = "Seed of the latent draws.", DefaultValueFactory = _ => 42 };
        Command command = new("generate", "Sample normal-looking windows from a variational model's latent prior.");
        foreach (Option option in new Option[] { model, count, output, seed })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => CliErrors.Run(() => Generate(parse.GetValue(model)!, parse.GetValue(count), parse.GetValue(output)!, parse.GetValue(seed))));
        return command;
    }

    private static int Generate(string modelPath, int count, string outputPath, int seed)
    {
        AnomalyDetector detector = ModelSnapshot.Read(modelPath);
        if (detector.Architecture.Variant != AutoencoderVariant.Variational)
        {
            throw new InvalidOperationException(
                $"{modelPath} is a {detector.Architecture.Variant} autoencoder; generate needs a variational one, whose latent space has a prior to sample. Train with '--variant variational'.");
        }

        if (count < 1)
        {
            throw new ArgumentException($"--count must be ≥ 1, found {count}.");
        }

        int t = detector.WindowLength, d = detector.FeatureCount, z = detector.Architecture.Latent;
        InferenceWorkspace workspace = detector.Model.CreateWorkspace(Batch);
        float[] latent = new float[Batch * z]; // (B, Z)
        float[] windows = new float[Batch * t * d]; // (B, T, D)
        Random random = new(seed);
        bool csv = outputPath.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
        using StreamWriter writer = new(outputPath, false, new UTF8Encoding(false));
        if (csv)
        {
            writer.WriteLine("window,step," + string.Join(',', detector.FeatureNames));
        }

        for (int start = 0; start < count; start += Batch)
        {
            int b = Math.Min(Batch, count - start);
            for (int i = 0; i < b * z; i++)
            {
                latent[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())); // Box–Muller
            }

            detector.Model.Decode(latent.AsSpan(0, b * z), b, windows.AsSpan(0, b * t * d), workspace);
            detector.Standardizer.InverseTransform(windows.AsSpan(0, b * t * d));
            for (int k = 0; k < b; k++)
            {
                ReadOnlySpan<float> window = windows.AsSpan(k * t * d, t * d);
                if (!csv)
                {
                    writer.WriteLine(WindowJson.Format($"generated-{start + k}", detector.FeatureNames, window, t));
                    continue;
                }

                for (int step = 0; step < t; step++)
                {
                    writer.Write(string.Create(CultureInfo.InvariantCulture, $"{start + k},{step}"));
                    for (int f = 0; f < d; f++)
                    {
                        writer.Write(',');
                        writer.Write(window[(step * d) + f].ToString("G7", CultureInfo.InvariantCulture));
                    }

                    writer.WriteLine();
                }
            }
        }

        Console.WriteLine($"wrote {count} generated windows of {t}×{d} to {outputPath}");
        return 0;
    }
}
