using System.CommandLine;
using SensorWatch.Core.Retraining;
using SensorWatch.Core.Scoring;
using SensorWatch.Evaluation;
using SensorWatch.Evaluation.Drift;
using Spectre.Console;

namespace SensorWatch.Cli;

/// <summary>
/// <c>sensorwatch evaluate drift</c>: replays a labelled synthetic stream with a slowly rising baseline and abrupt
/// anomalies through the detector, the alert state machine and (optionally) the retraining coordinator, and prints
/// false alarms per day and event recall with retraining off and on (see docs/retraining.md).
/// </summary>
internal static class EvaluateDriftCommand
{
    /// <summary>The verb; Markdown and JSON go to <paramref name="output"/> (default stdout), errors to <paramref name="error"/> (default stderr).</summary>
    public static Command Create(TextWriter? output = null, TextWriter? error = null)
    {
        Command command = new("drift", "Drift replay: false alarms per day and event recall with retraining on vs off, on a synthetic stream with a rising baseline and injected anomalies.");
        Option<string> retrain = new("--retrain") { Description = "off | on | both.", DefaultValueFactory = _ => "both" };
        retrain.AcceptOnlyFromAmong("off", "on", "both");
        Option<string> sample = new("--sample") { Description = "Retraining sample guard: normal (only windows scored normal) | unalerted (also anomalous windows that open no alert) | both.", DefaultValueFactory = _ => "both" };
        sample.AcceptOnlyFromAmong("normal", "unalerted", "both");
        Option<int> days = new("--days") { Description = "Simulated days replayed after the training days.", DefaultValueFactory = _ => new DriftReplaySettings().Days };
        Option<double> drift = new("--drift-per-day") { Description = "Baseline rise per day in feature scales (temperature and pressure).", DefaultValueFactory = _ => new DriftReplaySettings().DriftPerDay };
        Option<int> seed = new("--seed") { Description = "Seed of the stream, the model and retraining.", DefaultValueFactory = _ => new DriftReplaySettings().Seed };
        Option<FileInfo?> config = new("--config") { Description = "JSON file overriding any drift replay setting (DriftReplaySettings field names, camelCase; docs/retraining.md)." };
        Option<bool> markdown = new("--markdown") { Description = "Print the tables as Markdown." };
        Option<bool> json = new("--json") { Description = "Print the results as JSON." };
        foreach (Option option in new Option[] { retrain, sample, days, drift, seed, config, markdown, json })
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, cancellationToken) =>
        {
            DriftReplaySettings baseline;
            try
            {
                baseline = DriftReplaySettings.Load(parseResult.GetValue(config)?.FullName);
            }
            catch (EvaluationInputException problem)
            {
                (error ?? Console.Error).WriteLine($"evaluate drift: {problem.Message}");
                return Task.FromResult(2);
            }

            DriftReplaySettings settings = baseline with
            {
                Days = parseResult.GetResult(days) is null or { Implicit: true } ? baseline.Days : parseResult.GetValue(days),
                DriftPerDay = parseResult.GetResult(drift) is null or { Implicit: true } ? baseline.DriftPerDay : parseResult.GetValue(drift),
                Seed = parseResult.GetResult(seed) is null or { Implicit: true } ? baseline.Seed : parseResult.GetValue(seed),
            };
            IReadOnlyList<string> errors = settings.Validate();
            if (errors.Count > 0)
            {
                (error ?? Console.Error).WriteLine($"evaluate drift: {string.Join(" ", errors)}");
                return Task.FromResult(2);
            }

            List<DriftReplayResult> results = Run(settings, parseResult.GetValue(retrain)!, parseResult.GetValue(sample)!, cancellationToken);
            if (parseResult.GetValue(json))
            {
                (output ?? Console.Out).WriteLine(MetricsPrinter.Json(results.Select(r => new
                {
                    r.Mode, r.MeanFalseAlarmsPerDay, r.FalseAlarmsPerDay, r.MeanFalseAlertHours, r.FalseAlertHours, r.NormalWindowFlagRate, r.Events, r.Detected, r.Recall, r.Alerts,
                    r.Retrains, r.Promoted, r.Rejected, r.RolledBack, r.RejectionReasons, ElapsedSeconds = r.Elapsed.TotalSeconds,
                    RetrainEvents = r.RetrainEvents.Select(e => e.ToString()),
                })));
            }
            else if (parseResult.GetValue(markdown))
            {
                (output ?? Console.Out).Write(DriftReport.Markdown(results));
            }
            else
            {
                AnsiConsole.Write(DriftReport.Summary(results, settings));
                AnsiConsole.Write(DriftReport.PerDay(results));
            }

            return Task.FromResult(0);
        });
        return command;
    }

    private static List<DriftReplayResult> Run(DriftReplaySettings settings, string retrain, string sample, CancellationToken cancellationToken)
    {
        DriftStream stream = DriftStream.Generate(settings);
        AnomalyDetector first = DriftReplay.TrainFirstModel(stream, settings, cancellationToken);
        List<DriftReplayResult> results = [];
        if (retrain is "off" or "both")
        {
            results.Add(DriftReplay.Run("retrain off", stream, first, settings, null, cancellationToken));
        }

        if (retrain is "on" or "both")
        {
            foreach (bool unalerted in sample switch { "normal" => [false], "unalerted" => [true], _ => new[] { false, true } })
            {
                RetrainingOptions options = settings.Retraining with { Sample = settings.Retraining.Sample with { AdmitUnalerted = unalerted } };
                results.Add(DriftReplay.Run(unalerted ? "retrain on (unalerted)" : "retrain on (normal only)", stream, first, settings, options, cancellationToken));
            }
        }

        return results;
    }
}
