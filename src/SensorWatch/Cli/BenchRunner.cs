using System.Diagnostics;
using SensorWatch.Core.Model;
using SensorWatch.Core.Numerics;
using SensorWatch.Core.Training;

namespace SensorWatch.Cli;

/// <summary>The measurements behind <c>sensorwatch bench</c>, on a seeded, randomly initialised network and seeded inputs.</summary>
internal sealed class BenchRunner(AutoencoderArchitecture architecture, int threads, double seconds, int repetitions)
{
    private const int TrainingBatch = 64;

    /// <summary>
    /// Forward FLOPs per window (multiply-add = 2): encoder layer 0 2T·4H(D + H), layers ≥ 1 2T·4H·2H; bottleneck 2HZ;
    /// decoder input projection 2Z·4H once per window; decoder recurrences 2T·4H·H (layer 0), 2T·4H·2H (≥ 1); output 2T·H·D.
    /// For L = 1 and Z = H this is 10·T·H·D + 16·T·H² + 10H².
    /// </summary>
    public static double ForwardFlops(AutoencoderArchitecture a)
    {
        double t = a.WindowLength, h = a.Hidden, d = a.Features, z = a.Latent, extra = a.Layers - 1;
        return (2 * t * 4 * h * (d + h)) + (extra * 2 * t * 4 * h * 2 * h) + (2 * h * z) + (2 * z * 4 * h)
            + (2 * t * 4 * h * h) + (extra * 2 * t * 4 * h * 2 * h) + (2 * t * h * d);
    }

    public List<Measurement> RunAll()
    {
        LstmAutoencoder model = LstmAutoencoder.Create(architecture, seed: 1);
        double flops = ForwardFlops(architecture);
        List<Measurement> results = [];
        foreach (int batch in new[] { 1, 16, 256 })
        {
            results.Add(Measure($"score batch {batch}", "windows/s", flops, () => ScoreRound(model, batch)));
        }

        results.Add(Measure($"train batch {TrainingBatch}", "windows/s", 3 * flops, () => TrainRound(model)));
        double gemmFlops = 2.0 * 256 * 72 * 256;
        float[] a = Random(256 * 72, 3), b = Random(72 * 256, 4), c = new float[256 * 256];
        PackedMatrix packed = PackedMatrix.Pack(b, 72, 256);
        results.Add(Measure("gemm 256x72x256", "calls/s", gemmFlops, () =>
        {
            const int Calls = 200;
            Stopwatch clock = Stopwatch.StartNew();
            for (int i = 0; i < Calls; i++)
            {
                Gemm.Multiply(a, packed, c, 256);
            }

            return (Calls, clock.Elapsed.TotalSeconds);
        }));
        return results;
    }

    private (double Count, double Seconds) ScoreRound(LstmAutoencoder model, int batch)
    {
        int window = architecture.WindowLength * architecture.Features;
        double budget = seconds / repetitions;
        long[] done = new long[threads];
        Stopwatch clock = Stopwatch.StartNew();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, worker =>
        {
            InferenceWorkspace workspace = model.CreateWorkspace(batch);
            float[] x = Random(batch * window, 10 + worker), y = new float[batch * window];
            Stopwatch own = Stopwatch.StartNew();
            while (own.Elapsed.TotalSeconds < budget)
            {
                model.Reconstruct(x, batch, y, default, workspace);
                done[worker] += batch;
            }
        });
        return (done.Sum(), clock.Elapsed.TotalSeconds);
    }

    private (double Count, double Seconds) TrainRound(LstmAutoencoder model)
    {
        int window = architecture.WindowLength * architecture.Features;
        int steps = Math.Max(2, (int)(seconds / repetitions * 4));
        int count = steps * TrainingBatch;
        float[] windows = Random(count * window, 20);
        TrainingOptions options = new() { Epochs = 1, BatchSize = TrainingBatch, ValidationFraction = 0, Patience = 0, Threads = threads, Seed = 5 };
        LstmAutoencoder copy = model.Clone();
        Stopwatch clock = Stopwatch.StartNew();
        AutoencoderTrainer.Train(copy, windows, count, options);
        return (count, clock.Elapsed.TotalSeconds);
    }

    private Measurement Measure(string name, string unit, double flopsPerItem, Func<(double Count, double Seconds)> round)
    {
        round(); // warm-up: JIT, tiering, caches
        double[] rates = new double[repetitions];
        for (int r = 0; r < repetitions; r++)
        {
            (double count, double elapsed) = round();
            rates[r] = count / elapsed;
        }

        Array.Sort(rates);
        double median = rates.Length % 2 == 1 ? rates[rates.Length / 2] : 0.5 * (rates[(rates.Length / 2) - 1] + rates[rates.Length / 2]);
        return new Measurement(name, unit, median, rates[0], rates[^1], median * flopsPerItem / 1e9);
    }

    private static float[] Random(int length, int seed)
    {
        Random random = new(seed);
        float[] values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }

    public sealed record Measurement(string Name, string Unit, double Median, double Min, double Max, double GflopsMedian);
}
