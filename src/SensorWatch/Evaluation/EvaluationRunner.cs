using System.Diagnostics;
using SensorWatch.Core.Evaluation;
using Spectre.Console;

namespace SensorWatch.Evaluation;

/// <summary>Runs one <c>evaluate</c> request: obtain scores (replay or read), compute metrics, print, write outputs.</summary>
internal static class EvaluationRunner
{
    public static int Run(EvaluationRequest request, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(request.DataDirectory))
        {
            throw new EvaluationInputException($"data folder {request.DataDirectory} does not exist.");
        }

        Directory.CreateDirectory(request.OutputDirectory);
        Stopwatch clock = Stopwatch.StartNew();
        object summary = request.Format switch
        {
            "nab" => RunNab(request, cancellationToken),
            "smd" => RunSmd(request, cancellationToken),
            _ => throw new EvaluationInputException($"format '{request.Format}' is not supported yet."),
        };
        File.WriteAllText(Path.Combine(request.OutputDirectory, "metrics.json"), MetricsPrinter.Json(summary));
        if (request.Json)
        {
            Console.WriteLine(MetricsPrinter.Json(summary));
        }
        else
        {
            AnsiConsole.MarkupLineInterpolated($"[grey]evaluated in {clock.Elapsed.TotalSeconds:F1} s; outputs in {request.OutputDirectory}[/]");
        }

        return 0;
    }

    private static NabMetricsSummary RunNab(EvaluationRequest request, CancellationToken cancellationToken)
    {
        string labels = request.LabelsPath ?? Path.Combine(request.DataDirectory, "combined_windows.json");
        IReadOnlyList<NabFile> files = NabCorpusReader.Read(request.DataDirectory, labels);
        cancellationToken.ThrowIfCancellationRequested();
        double[][] scores = request.ScoresDirectory is { } results
            ? [.. files.Select(f => ResultFolderReader.ReadNabScores(results, f))]
            : throw new EvaluationInputException("replay is not wired yet; pass --scores DIR.");
        NabMetricsSummary summary = NabMetricsSummary.Compute(files, scores);
        if (!request.Json)
        {
            AnsiConsole.Write(MetricsPrinter.NabTable(summary));
        }

        return summary;
    }

    private static SmdMetricsSummary RunSmd(EvaluationRequest request, CancellationToken cancellationToken)
    {
        List<SeriesMetrics> series = [];
        foreach (string machine in SmdReader.MachineNames(request.DataDirectory))
        {
            cancellationToken.ThrowIfCancellationRequested();
            SmdMachine data = SmdReader.Read(request.DataDirectory, machine);
            double[] scores = request.ScoresDirectory is { } results
                ? ResultFolderReader.ReadRowScores(results, machine, data.TestRows)
                : throw new EvaluationInputException("replay is not wired yet; pass --scores DIR.");
            series.Add(SeriesMetrics.Compute(machine, data.Labels, scores, request.Threshold));
        }

        SmdMetricsSummary summary = new(series);
        if (!request.Json)
        {
            AnsiConsole.Write(MetricsPrinter.SeriesTable(summary, "SMD"));
        }

        return summary;
    }
}
