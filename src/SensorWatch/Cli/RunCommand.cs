using System.CommandLine;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SensorWatch.Configuration;
using SensorWatch.Kafka;
using SensorWatch.Roles;
using SensorWatch.Telemetry;

namespace SensorWatch.Cli;

/// <summary>
/// <c>sensorwatch run</c>: the always-on worker. Configuration comes from appsettings.json, <c>--config FILE</c>,
/// <c>SENSORWATCH__SECTION__KEY</c> environment variables and these options (later wins); it is validated first
/// (every error listed, exit 2), then Kafka must answer within <c>Kafka:StartupTimeout</c> (else exit 3).
/// A fatal Kafka error later stops the worker with exit 1.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        Command command = new("run", "Run the worker: score sensor.windows/readings (alerts, scores, dead letters) and/or retrain models from sensor.samples.");
        Option<string> role = new("--role") { Description = "Role to run: all (scorer + trainer in one process), scorer, or trainer.", DefaultValueFactory = _ => "all" };
        role.AcceptOnlyFromAmong("all", "scorer", "trainer");
        Option<string?> config = new("--config") { Description = "Extra JSON configuration file (same shape as appsettings.json)." };
        Option<string?> bootstrap = new("--bootstrap") { Description = "Kafka bootstrap servers HOST:PORT[,...] (Kafka:BootstrapServers)." };
        Option<string?> group = new("--group") { Description = "Consumer group id (Kafka:GroupId)." };
        Option<string?> guarantee = new("--guarantee") { Description = "AtLeastOnce (default) or ExactlyOnce (Kafka:Guarantee)." };
        Option<string?> instance = new("--instance-id") { Description = "Instance name; also the suffix of the transactional id (Worker:InstanceId)." };
        Option<string?> modelStore = new("--model-store") { Description = "Directory of model snapshots to load and save (Worker:ModelStore)." };
        Option<int?> probation = new("--probation") { Description = "Windows collected before the first model of a key is trained (Scorer:ProbationWindows)." };
        Option<int?> metricsPort = new("--metrics-port") { Description = "Port of /metrics, /alive, /health (Telemetry:Port; 0 = any free port)." };
        foreach (Option option in new Option[] { role, config, bootstrap, group, guarantee, instance, modelStore, probation, metricsPort })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            Dictionary<string, string?> overrides = [];
            Put(overrides, "Kafka:BootstrapServers", parseResult.GetValue(bootstrap));
            Put(overrides, "Kafka:GroupId", parseResult.GetValue(group));
            Put(overrides, "Kafka:Guarantee", parseResult.GetValue(guarantee));
            Put(overrides, "Worker:InstanceId", parseResult.GetValue(instance));
            Put(overrides, "Worker:ModelStore", parseResult.GetValue(modelStore));
            Put(overrides, "Scorer:ProbationWindows", parseResult.GetValue(probation)?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Put(overrides, "Telemetry:Port", parseResult.GetValue(metricsPort)?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            WorkerRole chosen = Enum.Parse<WorkerRole>(parseResult.GetValue(role) ?? "all", ignoreCase: true);
            return await RunAsync(parseResult.GetValue(config), overrides, chosen, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(string? configFile, Dictionary<string, string?> overrides, WorkerRole role, CancellationToken cancellationToken)
    {
        WorkerConfiguration configuration = WorkerConfiguration.Load(configFile, overrides);
        if (configuration.Errors.Count > 0)
        {
            await Console.Error.WriteLineAsync($"sensorwatch run: the configuration has {configuration.Errors.Count} error(s):").ConfigureAwait(false);
            foreach (string error in configuration.Errors)
            {
                await Console.Error.WriteLineAsync($"  - {error}").ConfigureAwait(false);
            }

            return 2;
        }

        KafkaOptions kafka = configuration.Settings.Kafka;
        await Console.Error.WriteLineAsync($"sensorwatch run --role {role.ToString().ToLowerInvariant()}: {kafka}").ConfigureAwait(false);
        using CancellationTokenSource stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stopping.Cancel();
        });
        string? unreachable = await Task.Run(() => KafkaStartupProbe.WaitForCluster(kafka, kafka.StartupTimeout,
            out IReadOnlyList<string> missing, stopping.Token) is { } error ? error : Missing(missing), stopping.Token).ConfigureAwait(false);
        if (unreachable is not null && !unreachable.StartsWith("warning:", StringComparison.Ordinal))
        {
            await Console.Error.WriteLineAsync($"sensorwatch run: {unreachable}").ConfigureAwait(false);
            return 3;
        }

        if (unreachable is not null)
        {
            await Console.Error.WriteLineAsync($"sensorwatch run: {unreachable}").ConfigureAwait(false);
        }

        using IHost host = WorkerHost.Build(configuration, logging: logging => logging.AddSensorWatchConsole(configuration.Root), role: role);
        WorkerExit exit = host.Services.GetRequiredService<WorkerExit>();
        try
        {
            await host.RunAsync(stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopped by Ctrl+C or SIGTERM
        }

        if (exit.Reason is { } reason)
        {
            await Console.Error.WriteLineAsync($"sensorwatch run: {reason}").ConfigureAwait(false);
        }

        return exit.ExitCode;
    }

    private static string? Missing(IReadOnlyList<string> topics) =>
        topics.Count == 0 ? null : $"warning: topic(s) {string.Join(", ", topics)} do not exist yet; the worker waits for the input topic and producing may auto-create outputs (create them to be sure).";

    private static void Put(Dictionary<string, string?> overrides, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            overrides[key] = value;
        }
    }
}
