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
        double[][] scores;
        ReplayResult[]? replays = null;
        if (request.ScoresDirectory is { } results)
        {
            scores = [.. files.Select(f => ResultFolderReader.ReadNabScores(results, f))];
        }
        else
        {
            EvaluationSettings settings = EvaluationSettings.Load("nab", request.ConfigPath);
            replays = ParallelReplay.Run(files, file =>
            {
                ReplayResult result = SeriesReplayer.Replay(file.Key, [.. file.Values.Select(v => (float)v)], 1, file.ProbationLength, 0,
                    settings, cancellationToken);
                ResultWriter.WriteNab(request.OutputDirectory, file, result);
                return result;
            }, settings.Parallelism, "replaying NAB", request.Json, cancellationToken);
            scores = [.. replays.Select(r => r.Scores)];
        }

        NabMetricsSummary summary = NabMetricsSummary.Compute(files, scores);
        if (request.Plots && replays is not null)
        {
            ReportWriter.PlotEntry[] plots = new ReportWriter.PlotEntry[files.Count];
            Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken }, i =>
            {
                NabFileScore file = summary.Profiles[0].Files[i];
                LabelSegment[] windows = [.. files[i].Windows.Select(w => new LabelSegment(w.Start, w.End + 1))];
                byte[] png = SeriesPlotter.Render(files[i].Key, [files[i].Values], replays[i], windows, files[i].ProbationLength);
                plots[i] = new ReportWriter.PlotEntry(files[i].Key, $"{file.Windows} windows; standard profile at the corpus threshold: TP {file.TruePositives}, FP {file.FalsePositives}, FN {file.FalseNegatives}", png);
            });
            ReportWriter.Write(request.OutputDirectory, "SensorWatch evaluation: NAB", ReportWriter.NabSummary(summary), plots);
        }

        if (!request.Json)
        {
            AnsiConsole.Write(MetricsPrinter.NabTable(summary));
        }

        return summary;
    }

    private static SmdMetricsSummary RunSmd(EvaluationRequest request, CancellationToken cancellationToken)
    {
        List<SeriesMetrics> series = [];
        EvaluationSettings settings = EvaluationSettings.Load("smd", request.ConfigPath);
        foreach (string machine in SmdReader.MachineNames(request.DataDirectory))
        {
            cancellationToken.ThrowIfCancellationRequested();
            SmdMachine data = SmdReader.Read(request.DataDirectory, machine);
            double[] scores;
            double? threshold = request.Threshold;
            if (request.ScoresDirectory is { } results)
            {
                scores = ResultFolderReader.ReadRowScores(results, machine, data.TestRows);
            }
            else
            {
                ReplayResult result = ReplaySmd(data, settings, request, cancellationToken);
                scores = result.Scores;
                threshold ??= result.AlertThreshold;
            }

            series.Add(SeriesMetrics.Compute(machine, data.Labels, scores, threshold));
        }

        SmdMetricsSummary summary = new(series);
        if (!request.Json)
        {
            AnsiConsole.Write(MetricsPrinter.SeriesTable(summary, "SMD"));
        }

        return summary;
    }

    private static ReplayResult ReplaySmd(SmdMachine data, EvaluationSettings settings, EvaluationRequest request, CancellationToken cancellationToken)
    {
        float[] rows = [.. data.Train, .. data.Test];
        ReplayResult result = SeriesReplayer.Replay(data.Name, rows, data.Features, data.TrainRows, data.TrainRows, settings, cancellationToken);
        ResultWriter.WriteRowScores(request.OutputDirectory, data.Name, result);
        return result;
    }
}
