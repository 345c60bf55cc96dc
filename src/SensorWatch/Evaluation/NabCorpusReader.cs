using System.Globalization;
using System.Text.Json;
using SensorWatch.Core.Evaluation;

namespace SensorWatch.Evaluation;

/// <summary>Reads a NAB-layout folder (<c>&lt;category&gt;/&lt;name&gt;.csv</c> with <c>timestamp,value</c>) and its windows JSON.</summary>
internal static class NabCorpusReader
{
    private static readonly string[] s_timeFormats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.ffffff", "yyyy-MM-dd HH:mm:ss.fff"];

    /// <summary>The files named by the keys of <paramref name="labelsPath"/> (NAB's combined_windows.json format), sorted by key.</summary>
    public static IReadOnlyList<NabFile> Read(string dataDirectory, string labelsPath)
    {
        Dictionary<string, List<string[]>> labels = ReadLabels(labelsPath);
        List<NabFile> files = [];
        foreach ((string key, List<string[]> windows) in labels.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            string path = Path.Combine(dataDirectory, key);
            if (!File.Exists(path))
            {
                throw new EvaluationInputException($"{labelsPath} names {key} but {path} does not exist.");
            }

            (List<string> timestamps, double[] values) = ReadSeries(path);
            files.Add(new NabFile(key, timestamps, values, LocateWindows(key, timestamps, windows)));
        }

        return files;
    }

    /// <summary>Reads one <c>timestamp,value</c> file (header required).</summary>
    public static (List<string> Timestamps, double[] Values) ReadSeries(string path)
    {
        List<string> timestamps = [];
        List<double> values = [];
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (lineNumber == 1 || line.Length == 0)
            {
                continue;
            }

            string[] cells = line.Split(',');
            if (cells.Length < 2 || !double.TryParse(cells[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
                || !double.IsFinite(value))
            {
                throw new EvaluationInputException($"{path}:{lineNumber}: expected 'timestamp,value' with a finite number, found '{line}'.");
            }

            timestamps.Add(cells[0].Trim());
            values.Add(value);
        }

        if (values.Count == 0)
        {
            throw new EvaluationInputException($"{path} has no data rows.");
        }

        return (timestamps, [.. values]);
    }

    /// <summary>Parses a NAB timestamp with or without a fraction.</summary>
    public static DateTime ParseTime(string text) =>
        DateTime.TryParseExact(text.Trim(), s_timeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime time)
            ? time
            : throw new EvaluationInputException($"'{text}' is not a timestamp of the form yyyy-MM-dd HH:mm:ss.");

    private static Dictionary<string, List<string[]>> ReadLabels(string labelsPath)
    {
        if (!File.Exists(labelsPath))
        {
            throw new EvaluationInputException($"labels file {labelsPath} does not exist (NAB's combined_windows.json format).");
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, List<string[]>>>(File.ReadAllText(labelsPath))
                ?? throw new EvaluationInputException($"{labelsPath} is empty.");
        }
        catch (JsonException error)
        {
            throw new EvaluationInputException($"{labelsPath} is not a JSON object of '<category>/<file>.csv': [[start, end], ...]: {error.Message}", error);
        }
    }

    // NAB's rule: a window end is the first row carrying its timestamp (a few files repeat timestamps).
    private static List<LabelWindow> LocateWindows(string key, List<string> timestamps, List<string[]> windows)
    {
        Dictionary<DateTime, int> firstRow = [];
        for (int i = 0; i < timestamps.Count; i++)
        {
            firstRow.TryAdd(ParseTime(timestamps[i]), i);
        }

        List<LabelWindow> located = [];
        foreach (string[] window in windows)
        {
            if (window.Length != 2
                || !firstRow.TryGetValue(ParseTime(window[0]), out int start)
                || !firstRow.TryGetValue(ParseTime(window[1]), out int end)
                || end < start)
            {
                throw new EvaluationInputException($"{key}: window [{string.Join(", ", window)}] does not match two rows of the file in order.");
            }

            located.Add(new LabelWindow(start, end));
        }

        located.Sort((a, b) => a.Start.CompareTo(b.Start));
        return located;
    }
}
