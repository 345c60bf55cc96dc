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
            "csv" => RunCsv(request, cancellationToken),
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
        EvaluationSettings settings = EvaluationSettings.Load("smd", request.ConfigPath);
        SmdMachine[] machines = [.. SmdReader.MachineNames(request.DataDirectory).Select(m => SmdReader.Read(request.DataDirectory, m))];
        ReplayResult?[] replays = request.ScoresDirectory is null
            ? ParallelReplay.Run(machines, m => (ReplayResult?)ReplaySmd(m, settings, request, cancellationToken), settings.Parallelism,
                "replaying SMD", request.Json, cancellationToken)
            : new ReplayResult?[machines.Length];
        List<SeriesMetrics> series = [];
        List<ReportWriter.PlotEntry> plots = [];
        for (int i = 0; i < machines.Length; i++)
        {
            SmdMachine data = machines[i];
            if (data.Labels.Length == 0)
            {
                continue;
            }

            double[] scores = replays[i]?.Scores ?? ResultFolderReader.ReadRowScores(request.ScoresDirectory!, data.Name, data.TestRows);
            series.Add(SeriesMetrics.Compute(data.Name, data.Labels, scores, request.Threshold ?? replays[i]?.AlertThreshold));
            if (request.Plots && replays[i] is { } result)
            {
                plots.Add(new ReportWriter.PlotEntry(data.Name, $"{data.TestRows} test rows, {data.Features} features (the 5 most variable drawn)",
                    SeriesPlotter.Render(data.Name, Columns(data.Test, data.Features, 5), result, LabelSegment.FindRuns(data.Labels), 0)));
            }
        }

        SmdMetricsSummary summary = new(series);
        if (!request.Json)
        {
            AnsiConsole.Write(MetricsPrinter.SeriesTable(summary, "SMD"));
        }

        if (request.Plots && plots.Count > 0)
        {
            ReportWriter.Write(request.OutputDirectory, "SensorWatch evaluation: SMD", ReportWriter.SeriesSummary(summary), plots);
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

    private static SmdMetricsSummary RunCsv(EvaluationRequest request, CancellationToken cancellationToken)
    {
        EvaluationSettings settings = EvaluationSettings.Load("csv", request.ConfigPath);
        IReadOnlyList<CsvEvaluation.CsvSeries> series = CsvEvaluation.Read(request.DataDirectory);
        ReplayResult[] replays = ParallelReplay.Run(series, item =>
        {
            int coldStart = CsvEvaluation.ColdStartRows(item.Table.RowCount, settings.WindowLength);
            ReplayResult result = SeriesReplayer.Replay(item.Name, item.Table.Values, item.Table.FeatureCount, coldStart, 0, settings, cancellationToken);
            ResultWriter.WriteRowScores(request.OutputDirectory, Path.GetFileNameWithoutExtension(item.Name), result);
            return result;
        }, settings.Parallelism, "replaying CSV", request.Json, cancellationToken);
        List<SeriesMetrics> metrics = [];
        List<ReportWriter.PlotEntry> plots = [];
        for (int i = 0; i < series.Count; i++)
        {
            int coldStart = CsvEvaluation.ColdStartRows(series[i].Table.RowCount, settings.WindowLength);
            if (series[i].Labels.Length > 0)
            {
                metrics.Add(CsvEvaluation.Metrics(series[i], replays[i], coldStart, request.Threshold ?? replays[i].AlertThreshold));
            }

            if (request.Plots)
            {
                plots.Add(new ReportWriter.PlotEntry(series[i].Name, $"{series[i].Table.RowCount} rows, {series[i].Table.FeatureCount} features",
                    SeriesPlotter.Render(series[i].Name, Columns(series[i].Table.Values, series[i].Table.FeatureCount, 6), replays[i],
                        LabelSegment.FindRuns(series[i].Labels), coldStart)));
            }
        }

        SmdMetricsSummary summary = new(metrics);
        if (!request.Json)
        {
            AnsiConsole.Write(metrics.Count > 0 ? MetricsPrinter.SeriesTable(summary, "CSV") : new Markup("[grey]no label column: scores and alerts written, no metrics[/]\n"));
        }

        if (request.Plots)
        {
            ReportWriter.Write(request.OutputDirectory, "SensorWatch evaluation: CSV", ReportWriter.SeriesSummary(summary), plots);
        }

        return summary;
    }

    /// <summary>Up to <paramref name="most"/> columns of rows (N, D) with the largest variance, as separate series.</summary>
    internal static double[][] Columns(float[] rows, int features, int most)
    {
        int n = rows.Length / features;
        double[][] columns = [.. Enumerable.Range(0, features).Select(d => Enumerable.Range(0, n).Select(t => (double)rows[(t * features) + d]).ToArray())];
        return [.. columns.OrderByDescending(c => Variance(c)).Take(most)];
    }

    private static double Variance(double[] values)
    {
        double[] finite = [.. values.Where(double.IsFinite)];
        if (finite.Length == 0)
        {
            return 0.0;
        }

        double mean = finite.Average();
        return finite.Sum(v => (v - mean) * (v - mean)) / finite.Length;
    }
}
