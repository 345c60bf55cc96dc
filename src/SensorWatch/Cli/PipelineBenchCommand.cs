using System.CommandLine;
using SensorWatch.Roles.Bench;

namespace SensorWatch.Cli;

/// <summary><c>sensorwatch bench-pipeline</c>: end-to-end worker throughput on the embedded cluster (a measurement, not a test).</summary>
internal static class PipelineBenchCommand
{
    public static Command Create()
    {
        Command command = new("bench-pipeline", "Measure the worker end to end on the embedded cluster: windows/s and CPU per window (JSON, scoring, Kafka).");
        Option<int> windows = new("--windows") { Description = "Windows to push through the worker.", DefaultValueFactory = _ => 5000 };
        command.Options.Add(windows);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            int count = parseResult.GetValue(windows);
            if (count is < 1000 or > 5000)
            {
                await Console.Error.WriteLineAsync("bench-pipeline: --windows must be 1000 to 5000 (the embedded cluster keeps ~5 MiB per partition).").ConfigureAwait(false);
                return 2;
            }

            return await new PipelineBenchmark(count, Console.Out).RunAsync(cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
