using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using SensorWatch.Core.Model;
using SensorWatch.PeerBenchmarks;

// Peer comparison on ref-small (D=8, T=64, H=64, one layer each side, latent 64), float32, 1 thread, the same weights
// in every engine. Usage: dotnet run -c Release --project tests/SensorWatch.PeerBenchmarks [-- --reps 7 --seconds 0.3]
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
int reps = ArgValue(args, "--reps", 7);
double seconds = ArgValue(args, "--seconds", 0.3);

foreach (string lib in Directory.EnumerateFiles(AppContext.BaseDirectory, "libLibTorchSharp.so", SearchOption.AllDirectories))
{
    Console.WriteLine(ElfVersionPatcher.MarkWeak(lib, "GLIBCXX_3.4.32"));
}

var architecture = new AutoencoderArchitecture(Features: 8, WindowLength: 64, Hidden: 64, Layers: 1, Latent: 64);
LstmAutoencoder model = LstmAutoencoder.Create(architecture, seed: 7);
Engines.Run(architecture, model, reps, seconds);

static T ArgValue<T>(string[] args, string name, T fallback)
    where T : IParsable<T>
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? T.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

/// <summary>Measurement driver; torch types are touched only after the ELF patch has run.</summary>
internal static class Engines
{
    private static readonly int[] s_batches = [1, 16, 256];

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Run(AutoencoderArchitecture a, LstmAutoencoder model, int reps, double seconds)
    {
        TorchSharp.torch.set_num_threads(1);
        try
        {
            TorchSharp.torch.set_num_interop_threads(1);
        }
        catch (Exception e) when (e is InvalidOperationException or System.Runtime.InteropServices.ExternalException)
        {
            Console.WriteLine("torch: interop threads already set: " + e.Message);
        }

        int window = a.WindowLength * a.Features;
        float[] x = new float[256 * window];
        var random = new Random(11);
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)((random.NextDouble() * 4) - 2);
        }

        using var ours = new OursEngine(model, 256);
        using var onnx = new OnnxEngine(a, model);
        using var torch = new TorchEngine(a, model);
        IEngine[] engines = [ours, onnx, torch];

        // Same reconstruction from the same weights?
        const int CheckBatch = 16;
        float[][] outputs = engines.Select(e => e.Reconstruct(x, CheckBatch)[..(CheckBatch * window)].ToArray()).ToArray();
        for (int e = 1; e < engines.Length; e++)
        {
            (double maxAbs, double maxRel) = Compare(outputs[0], outputs[e]);
            Console.WriteLine($"check: ours vs {engines[e].Name}: max abs diff {maxAbs:E2}, max rel diff {maxRel:E2} (|y| floored at 1e-3), {CheckBatch} windows");
        }

        Console.WriteLine($"load before: {Stats.Load()}  (uptime 1-min load average, 2 cores)");
        Console.WriteLine();
        Console.WriteLine("| scoring windows/s | batch | ours | ONNX Runtime | TorchSharp | ours/ONNX | ours/Torch | load |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (int batch in s_batches)
        {
            var rates = engines.ToDictionary(e => e.Name, _ => new List<double>());
            var ratioOnnx = new List<double>();
            var ratioTorch = new List<double>();
            int iterations = engines.ToDictionary(e => e.Name, e => Calibrate(() => e.Reconstruct(x, batch), seconds)).Values.Min();
            for (int r = 0; r < reps; r++)
            {
                var round = new Dictionary<string, double>();
                for (int k = 0; k < engines.Length; k++)
                {
                    IEngine e = engines[(k + r) % engines.Length];   // rotate the order between rounds
                    round[e.Name] = batch * iterations / Time(() => e.Reconstruct(x, batch), iterations);
                    rates[e.Name].Add(round[e.Name]);
                }

                ratioOnnx.Add(round[ours.Name] / round[onnx.Name]);
                ratioTorch.Add(round[ours.Name] / round[torch.Name]);
            }

            Console.WriteLine($"| median ± spread | {batch} | {Cell(rates[ours.Name])} | {Cell(rates[onnx.Name])} | {Cell(rates[torch.Name])} | {Stats.Median(ratioOnnx):F2}× | {Stats.Median(ratioTorch):F2}× | {Stats.Load()} |");
        }

        // Training at batch 64, one thread: Adam steps on random windows (ours: the trainer's own mini-batch step).
        var oursTrain = new List<double>();
        var torchTrain = new List<double>();
        using var oursTrainer = new OursTrainer(model.Clone(), x, 256);
        using var torchTrainer = new TorchTrainer(a, model, x);
        int steps = Math.Max(2, Calibrate(oursTrainer.Step, seconds));
        for (int r = 0; r < reps; r++)
        {
            oursTrain.Add(64 * steps / Time(oursTrainer.Step, steps));
            torchTrain.Add(64 * steps / Time(torchTrainer.Step, steps));
        }

        Console.WriteLine();
        Console.WriteLine("| training windows/s | batch | ours | TorchSharp | ours/Torch | load |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        var trainRatios = oursTrain.Zip(torchTrain, (o, t) => o / t).ToList();
        Console.WriteLine($"| median ± spread | 64 | {Cell(oursTrain)} | {Cell(torchTrain)} | {Stats.Median(trainRatios):F2}× | {Stats.Load()} |");
        Console.WriteLine();
        Console.WriteLine($"load after: {Stats.Load()}; {reps} rounds per cell, engines rotated within each round; spread = (max − min)/median.");
    }

    private static string Cell(List<double> values) => $"{Stats.Median(values):N0} ± {Stats.SpreadPercent(values):F0}%";

    private static (double MaxAbs, double MaxRel) Compare(float[] expected, float[] actual)
    {
        double maxAbs = 0, maxRel = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double diff = Math.Abs(expected[i] - (double)actual[i]);
            maxAbs = Math.Max(maxAbs, diff);
            maxRel = Math.Max(maxRel, diff / Math.Max(Math.Abs((double)expected[i]), 1e-3));
        }

        return (maxAbs, maxRel);
    }

    private static int Calibrate(Action action, double seconds)
    {
        action();
        action();
        double once = Time(action, 3) / 3;
        return Math.Max(1, (int)(seconds / once));
    }

    private static int Calibrate(Func<float[]> action, double seconds) => Calibrate(() => { action(); }, seconds);

    private static double Time(Action action, int iterations)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < iterations; i++)
        {
            action();
        }

        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static double Time(Func<float[]> action, int iterations) => Time(() => { action(); }, iterations);
}
