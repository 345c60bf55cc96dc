using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SensorWatch.Core.Model;

namespace SensorWatch.Cli;

/// <summary>
/// <c>sensorwatch bench</c>: scoring windows/s at batch 1, 16 and 256, training windows/s at batch 64, the model's
/// GFLOP/s and the GEMM kernel's GFLOP/s at [256×72]·[72×256]; medians (and min–max) of several repetitions.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        Option<string> model = new("--model") { Description = "ref-small (D 8, T 64, H 64, L 1, Z 64) or ref-large (D 32, T 128, H 128, L 1, Z 64).", DefaultValueFactory = _ => "ref-small" };
        model.AcceptOnlyFromAmong("ref-small", "ref-large");
        Option<int> threads = new("--threads") { Description = "Threads: scoring runs one scorer per thread; training uses this many workers.", DefaultValueFactory = _ => 1 };
        Option<bool> json = new("--json") { Description = "Print the results as JSON." };
        Option<double> seconds = new("--seconds") { Description = "Time per measurement (split over the repetitions).", DefaultValueFactory = _ => 2.0 };
        Option<int> repetitions = new("--repetitions") { Description = "Repetitions per measurement (median reported).", DefaultValueFactory = _ => 5 };
        Command command = new("bench", "Measure scoring, training and GEMM throughput on a reference network.");
        foreach (Option option in new Option[] { model, threads, json, seconds, repetitions })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => CliErrors.Run(() =>
        {
            AutoencoderArchitecture architecture = parse.GetValue(model) == "ref-large"
                ? new AutoencoderArchitecture(32, 128, 128, 1, 64)
                : new AutoencoderArchitecture(8, 64, 64, 1, 64);
            int threadCount = parse.GetValue(threads);
            if (threadCount < 1 || parse.GetValue(seconds) <= 0 || parse.GetValue(repetitions) < 1)
            {
                throw new ArgumentException("--threads and --repetitions must be ≥ 1 and --seconds positive.");
            }

            BenchRunner runner = new(architecture, threadCount, parse.GetValue(seconds), parse.GetValue(repetitions));
            List<BenchRunner.Measurement> results = runner.RunAll();
            Print(parse.GetValue(model)!, architecture, threadCount, results, parse.GetValue(json));
            return 0;
        }));
        return command;
    }

    private static void Print(string name, AutoencoderArchitecture architecture, int threads, List<BenchRunner.Measurement> results, bool json)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                model = name,
                architecture = new { architecture.Features, architecture.WindowLength, architecture.Hidden, architecture.Layers, architecture.Latent },
                threads,
                forwardFlopsPerWindow = BenchRunner.ForwardFlops(architecture),
                results = results.Select(r => new { r.Name, r.Unit, r.Median, r.Min, r.Max, r.GflopsMedian }),
            }));
            return;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: D {architecture.Features}, T {architecture.WindowLength}, H {architecture.Hidden}, L {architecture.Layers}, Z {architecture.Latent}; threads {threads}; forward {BenchRunner.ForwardFlops(architecture) / 1e6:F2} MFLOP/window"));
        foreach (BenchRunner.Measurement r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Name,-22} {r.Median,12:N0} {r.Unit,-10} (min {r.Min:N0}, max {r.Max:N0})  {r.GflopsMedian,7:F1} GFLOP/s"));
        }
    }
}
