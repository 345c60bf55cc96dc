using System.CommandLine;
using SensorWatch.Evaluation;
using Spectre.Console;

namespace SensorWatch.Cli;

/// <summary>
/// <c>sensorwatch evaluate</c>: replays labelled data through the real scoring pipeline (or scores an existing results
/// folder) and prints the benchmark metrics; writes scores, plots and report.html to --out.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        Command command = new("evaluate", "Replay labelled data (NAB, SMD or CSV) through the detector and score it with NAB, point-wise, point-adjusted, event-wise and ranking metrics.");
        Option<string> format = new("--format") { Description = "Data layout: nab | smd | csv.", Required = true };
        format.AcceptOnlyFromAmong("nab", "smd", "csv");
        Option<DirectoryInfo> data = new("--data") { Description = "Data folder (nab: <category>/<name>.csv; smd: train/ test/ test_label/; csv: *.csv files).", Required = true };
        Option<FileInfo?> labels = new("--labels") { Description = "nab: windows JSON (default <data>/combined_windows.json)." };
        Option<DirectoryInfo> output = new("--out") { Description = "Output folder: scores, per-series PNG plots, report.html, metrics.json.", Required = true };
        Option<FileInfo?> config = new("--config") { Description = "JSON file with evaluation settings (see docs/evaluation.md); defaults otherwise." };
        Option<bool> json = new("--json") { Description = "Print the metrics as JSON instead of tables." };
        Option<DirectoryInfo?> scores = new("--scores") { Description = "Score this existing results folder (nab: <category>/<name>.csv with anomaly_score; smd/csv: <name>.txt) instead of replaying." };
        Option<double?> threshold = new("--threshold") { Description = "smd/csv: operating threshold for event metrics and delay (default: the replay's alert threshold, else the best-F1 one)." };
        Option<bool> noPlots = new("--no-plots") { Description = "Skip the PNG plots and the report." };
        foreach (Option option in new Option[] { format, data, labels, output, config, json, scores, threshold, noPlots })
        {
            command.Options.Add(option);
        }

        command.Subcommands.Add(EvaluateDriftCommand.Create());
        command.SetAction((parseResult, cancellationToken) =>
        {
            EvaluationRequest request = new(
                parseResult.GetValue(format)!,
                parseResult.GetValue(data)!.FullName,
                parseResult.GetValue(labels)?.FullName,
                parseResult.GetValue(output)!.FullName,
                parseResult.GetValue(config)?.FullName,
                parseResult.GetValue(scores)?.FullName,
                parseResult.GetValue(threshold),
                parseResult.GetValue(json),
                !parseResult.GetValue(noPlots));
            try
            {
                return Task.FromResult(EvaluationRunner.Run(request, cancellationToken));
            }
            catch (EvaluationInputException error)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]evaluate: {error.Message}[/]");
                return Task.FromResult(2);
            }
            catch (AggregateException error) when (error.InnerExceptions.All(e => e is EvaluationInputException))
            {
                foreach (Exception inner in error.InnerExceptions)
                {
                    AnsiConsole.MarkupLineInterpolated($"[red]evaluate: {inner.Message}[/]");
                }

                return Task.FromResult(2);
            }
        });
        return command;
    }
}
