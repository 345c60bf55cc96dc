using System.CommandLine;
using SensorWatch.Cli;

RootCommand root = new("SensorWatch: streaming sensor anomaly detection with an in-house LSTM autoencoder.");
foreach (Command command in CommandCatalog.Create())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
