using System.CommandLine;
using SensorWatch.Cli;

RootCommand root = new("SensorWatch: streaming sensor anomaly detection with an in-house LSTM autoencoder.");
foreach (Command command in CommandCatalog.Create())
{
    root.Subcommands.Add(command);
}

ParseResult parse = root.Parse(args);

// `run` handles SIGTERM and Ctrl+C itself (its host drains, commits and closes within Worker:ShutdownTimeoutSeconds);
// System.CommandLine's default 2 s termination timeout would end the process mid-drain with exit code 143.
InvocationConfiguration invocation = new() { ProcessTerminationTimeout = parse.CommandResult.Command.Name == "run" ? null : TimeSpan.FromSeconds(2) };
return await parse.InvokeAsync(invocation).ConfigureAwait(false);
