using System.CommandLine;
using SensorWatch.Roles.Bench;

namespace SensorWatch.Cli;

/// <summary><c>sensorwatch bench-pipeline</c>: end-to-end worker throughput and latency on the embedded cluster (a measurement, not a test).</summary>
internal static class PipelineBenchCommand
{
    public static Command Create()
    {
        Command command = new("bench-pipeline", "Measure the worker end to end on the embedded cluster: windows/s, CPU per window by thread and stage, and produce→score latency at half the rate.");
        Option<int> windows = new("--windows") { Description = "Windows per throughput run (pre-produced once).", DefaultValueFactory = _ => 20000 };
        Option<int> runs = new("--runs") { Description = "Throughput runs (medians are reported).", DefaultValueFactory = _ => 3 };
        Option<int> batch = new("--batch") { Description = "Scorer:BatchSize of the worker under test.", DefaultValueFactory = _ => 128 };
        Option<int> latency = new("--latency-seconds") { Description = "Seconds of the paced latency run at half the median rate (0 = skip).", DefaultValueFactory = _ => 10 };
        Option<string[]> set = new("--set") { Description = "Extra worker setting Section:Key=value (repeatable), e.g. Scorer:ScoringThreads=1.", AllowMultipleArgumentsPerToken = true };
        command.Options.Add(windows);
        command.Options.Add(runs);
        command.Options.Add(batch);
        command.Options.Add(latency);
        command.Options.Add(set);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            int count = parseResult.GetValue(windows);
            if (count is < 1000 or > 200_000 || parseResult.GetValue(runs) is < 1 or > 20 || parseResult.GetValue(latency) is < 0 or > 600)
            {
                await Console.Error.WriteLineAsync("bench-pipeline: --windows must be 1,000 to 200,000, --runs 1 to 20, --latency-seconds 0 to 600.").ConfigureAwait(false);
                return 2;
            }

            Dictionary<string, string?> settings = [];
            foreach (string pair in parseResult.GetValue(set) ?? [])
            {
                int equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    await Console.Error.WriteLineAsync($"bench-pipeline: --set expects Section:Key=value, got '{pair}'.").ConfigureAwait(false);
                    return 2;
                }

                settings[pair[..equals]] = pair[(equals + 1)..];
            }

            PipelineBenchOptions options = new()
            {
                Windows = count,
                Runs = parseResult.GetValue(runs),
                BatchSize = parseResult.GetValue(batch),
                LatencySeconds = parseResult.GetValue(latency),
                Settings = settings,
            };
            return await new PipelineBenchmark(options, Console.Out).RunAsync(cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
