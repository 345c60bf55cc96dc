using System.CommandLine;
using System.Globalization;
using System.Text;
using SensorWatch.Core.Preprocessing;
using SensorWatch.Core.Scoring;
using SensorWatch.Core.Snapshots;

namespace SensorWatch.Cli;

/// <summary>
/// <c>sensorwatch score</c>: scores a CSV stream row by row (the window ending at each row, from rows up to it) or
/// one row per window (<c>--per-window</c>, and always for JSONL window input). Windows are scored in batches.
/// </summary>
internal static class ScoreCommand
{
    private const int Batch = 256;

    public static Command Create()
    {
        Option<string> model = new("--model") { Description = "Model file written by 'sensorwatch train'.", Required = true };
        Option<string> input = new("--input") { Description = "CSV rows (plain or .gz, as for train) or JSONL window messages.", Required = true };
        Option<string> output = new("--out") { Description = "Output CSV.", Required = true };
        Option<bool> perWindow = new("--per-window") { Description = "One row per window (start, end, score, threshold, anomalous, severity, status, reason, top feature) instead of one per input row." };
        Option<int> stride = new("--stride") { Description = "With --per-window on CSV input: rows between windows.", DefaultValueFactory = _ => 1 };
        Option<bool> latent = new("--latent") { Description = "Add each window's latent code z1..zZ." };
        Option<string?> reconstruction = new("--reconstruction") { Description = "Also write the reconstructed (denoised) signal to this file (CSV rows, or JSONL windows for JSONL input)." };
        Command command = new("score", "Score a stream or windows with a trained model.");
        foreach (Option option in new Option[] { model, input, output, perWindow, stride, latent, reconstruction })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => CliErrors.Run(() =>
        {
            AnomalyDetector detector = ModelSnapshot.Read(parse.GetValue(model)!);
            string inputPath = parse.GetValue(input)!;
            Settings settings = new(parse.GetValue(output)!, parse.GetValue(perWindow), parse.GetValue(stride), parse.GetValue(latent), parse.GetValue(reconstruction));
            if (settings.Stride < 1)
            {
                throw new ArgumentException($"--stride must be ≥ 1, found {settings.Stride}.");
            }

            int scored = SensorDataReader.IsWindowFile(inputPath)
                ? ScoreWindows(detector, JsonlWindowReader.Read(inputPath), settings)
                : ScoreRows(detector, CsvTableReader.Read(inputPath), settings);
            Console.WriteLine($"scored {scored} windows from {inputPath} into {settings.Output}");
            return 0;
        }));
        return command;
    }

    private static int ScoreRows(AnomalyDetector detector, SensorTable table, Settings settings)
    {
        CheckFeatures(detector, table.FeatureNames);
        int t = detector.WindowLength, d = detector.FeatureCount, n = table.RowCount;
        int stride = settings.PerWindow ? settings.Stride : 1;
        int count = WindowAssembler.Count(n, t, stride);
        using StreamWriter writer = new(settings.Output, false, new UTF8Encoding(false));
        using StreamWriter? reconstructionWriter = settings.Reconstruction is null ? null : new(settings.Reconstruction, false, new UTF8Encoding(false));
        writer.WriteLine(Header(detector, settings, settings.PerWindow ? "window,start,end" : "timestamp"));
        reconstructionWriter?.WriteLine("timestamp," + string.Join(',', detector.FeatureNames));
        if (!settings.PerWindow)
        {
            for (int i = 0; i < Math.Min(t - 1, n); i++)
            {
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{table.Timestamps[i]},0,{detector.Calibration.Threshold:R},0,{(settings.Latent ? new string(',', detector.Architecture.Latent) : string.Empty)}"));
            }
        }

        Scored batch = new(detector, Batch, settings.Latent, settings.Reconstruction is not null);
        bool firstBatch = true;
        for (int start = 0; start < count; start += Batch)
        {
            int b = Math.Min(Batch, count - start);
            for (int k = 0; k < b; k++)
            {
                table.Values.AsSpan((start + k) * stride * d, t * d).CopyTo(batch.Windows.AsSpan(k * t * d));
            }

            batch.Run(b);
            if (reconstructionWriter is not null)
            {
                if (firstBatch)
                {
                    for (int step = 0; step < t - 1; step++)
                    {
                        WriteRow(reconstructionWriter, table.Timestamps[step], batch.Reconstruction.AsSpan(step * d, d));
                    }
                }

                for (int k = 0; k < b; k++)
                {
                    int row = ((start + k) * stride) + t - 1;
                    WriteRow(reconstructionWriter, table.Timestamps[row], batch.Reconstruction.AsSpan((((k * t) + t - 1) * d), d));
                }
            }

            firstBatch = false;
            for (int k = 0; k < b; k++)
            {
                int first = (start + k) * stride, last = first + t - 1;
                string key = settings.PerWindow
                    ? string.Create(CultureInfo.InvariantCulture, $"{start + k},{table.Timestamps[first]},{table.Timestamps[last]}")
                    : table.Timestamps[last];
                writer.WriteLine(batch.Format(k, key, settings.PerWindow));
            }
        }

        return count;
    }

    private static int ScoreWindows(AnomalyDetector detector, WindowSet windows, Settings settings)
    {
        CheckFeatures(detector, windows.FeatureNames);
        if (windows.WindowLength != detector.WindowLength)
        {
            throw new ArgumentException($"The windows have {windows.WindowLength} steps; the model expects T = {detector.WindowLength}.");
        }

        int window = detector.WindowLength * detector.FeatureCount;
        using StreamWriter writer = new(settings.Output, false, new UTF8Encoding(false));
        using StreamWriter? reconstructionWriter = settings.Reconstruction is null ? null : new(settings.Reconstruction, false, new UTF8Encoding(false));
        writer.WriteLine(Header(detector, settings with { PerWindow = true }, "window,label"));
        Scored batch = new(detector, Batch, settings.Latent, settings.Reconstruction is not null);
        for (int start = 0; start < windows.Count; start += Batch)
        {
            int b = Math.Min(Batch, windows.Count - start);
            windows.Values.AsSpan(start * window, b * window).CopyTo(batch.Windows);
            batch.Run(b);
            for (int k = 0; k < b; k++)
            {
                writer.WriteLine(batch.Format(k, $"{start + k},{windows.Labels[start + k]}", perWindow: true));
                reconstructionWriter?.WriteLine(WindowJson.Format(windows.Labels[start + k], detector.FeatureNames, batch.Reconstruction.AsSpan(k * window, window), detector.WindowLength));
            }
        }

        return windows.Count;
    }

    private static string Header(AnomalyDetector detector, Settings settings, string key)
    {
        string columns = settings.PerWindow ? $"{key},score,threshold,anomalous,severity,status,reason,top_feature" : $"{key},score,threshold,anomalous,top_feature";
        return settings.Latent ? columns + "," + string.Join(',', Enumerable.Range(1, detector.Architecture.Latent).Select(i => $"z{i}")) : columns;
    }

    private static void WriteRow(StreamWriter writer, string timestamp, ReadOnlySpan<float> values)
    {
        writer.Write(timestamp);
        foreach (float v in values)
        {
            writer.Write(',');
            writer.Write(v.ToString("G7", CultureInfo.InvariantCulture));
        }

        writer.WriteLine();
    }

    private static void CheckFeatures(AnomalyDetector detector, IReadOnlyList<string> names)
    {
        bool generic = names.Select((name, i) => name == $"f{i + 1}").All(x => x);
        if (names.Count != detector.FeatureCount || (!generic && !names.SequenceEqual(detector.FeatureNames)))
        {
            throw new ArgumentException(
                $"The input has features [{string.Join(',', names)}]; the model expects {detector.FeatureCount}: [{string.Join(',', detector.FeatureNames)}]. Score data with the columns the model was trained on.");
        }
    }

    private sealed record Settings(string Output, bool PerWindow, int Stride, bool Latent, string? Reconstruction);
}
