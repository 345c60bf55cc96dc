using System.CommandLine;
using SensorWatch.Roles.Demo;
using SensorWatch.Simulator;

namespace SensorWatch.Cli;

/// <summary>
/// <c>sensorwatch demo</c>: everything in one process (embedded Kafka, worker with cold start, simulator), a live view,
/// and a summary of injected anomalies against the alerts raised. Needs nothing installed.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        Command command = new("demo", "Run an embedded Kafka, the worker and a simulator in one process; watch anomalies get detected.");
        Option<string> duration = new("--duration") { Description = "How long to run (e.g. 90s, 5m).", DefaultValueFactory = _ => "90s" };
        Option<int> sensors = new("--sensors") { Description = "Number of simulated sensors.", DefaultValueFactory = _ => 20 };
        Option<string?> summaryJson = new("--summary-json") { Description = "Also write the summary as JSON to this file." };
        Option<double> rate = new("--rate") { Description = "Windows per second produced over all sensors.", DefaultValueFactory = _ => 60 };
        Option<int> probation = new("--probation") { Description = "Windows collected before the first model is trained.", DefaultValueFactory = _ => 900 };
        Option<int> metricsPort = new("--metrics-port") { Description = "Port of /metrics on localhost (0 = any free port; taken → any free port).", DefaultValueFactory = _ => 9464 };
        Option<bool> plain = new("--plain") { Description = "Plain progress lines instead of the live view (automatic when stdout is not a terminal)." };
        foreach (Option option in new Option[] { duration, sensors, summaryJson, rate, probation, metricsPort, plain })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            TimeSpan length;
            try
            {
                length = SimulatorValueParser.ParseDuration(parseResult.GetValue(duration) ?? "90s", "--duration");
            }
            catch (FormatException error)
            {
                await Console.Error.WriteLineAsync($"demo: {error.Message}").ConfigureAwait(false);
                return 2;
            }

            DemoOptions options = new()
            {
                Duration = length,
                Sensors = parseResult.GetValue(sensors),
                Rate = parseResult.GetValue(rate),
                ProbationWindows = parseResult.GetValue(probation),
                SummaryJson = parseResult.GetValue(summaryJson),
                MetricsPort = parseResult.GetValue(metricsPort),
                Live = !parseResult.GetValue(plain) && !Console.IsOutputRedirected,
            };
            IReadOnlyList<string> errors = options.Validate();
            if (errors.Count > 0)
            {
                foreach (string error in errors)
                {
                    await Console.Error.WriteLineAsync($"demo: {error}").ConfigureAwait(false);
                }

                return 2;
            }

            return await new DemoRunner(options, Console.Out).RunAsync(cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
