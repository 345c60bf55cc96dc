using System.Globalization;

namespace SensorWatch.Evaluation;

/// <summary>Reads score files another run (or another detector) wrote, to score them without replaying.</summary>
internal static class ResultFolderReader
{
    /// <summary>The <c>anomaly_score</c> column of <c>&lt;results&gt;/&lt;key&gt;</c>, one per data row.</summary>
    public static double[] ReadNabScores(string resultsDirectory, NabFile file)
    {
        string path = Path.Combine(resultsDirectory, file.Key);
        if (!File.Exists(path))
        {
            throw new EvaluationInputException($"no results file {path} for {file.Key}.");
        }

        using StreamReader reader = new(path);
        string[] header = (reader.ReadLine() ?? string.Empty).Split(',');
        int column = Array.FindIndex(header, h => h.Trim().Equals("anomaly_score", StringComparison.OrdinalIgnoreCase));
        if (column < 0)
        {
            throw new EvaluationInputException($"{path}: the header needs an anomaly_score column (has {string.Join(",", header)}).");
        }

        List<double> scores = [];
        int lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            string[] cells = line.Split(',');
            if (cells.Length <= column || !double.TryParse(cells[column], NumberStyles.Float, CultureInfo.InvariantCulture, out double score)
                || double.IsNaN(score))
            {
                throw new EvaluationInputException($"{path}:{lineNumber}: no numeric anomaly_score in '{line}'.");
            }

            scores.Add(score);
        }

        return scores.Count == file.Values.Length
            ? [.. scores]
            : throw new EvaluationInputException($"{path} has {scores.Count} scores but {file.Key} has {file.Values.Length} rows.");
    }

    /// <summary>One score per line of <c>&lt;results&gt;/&lt;machine&gt;.txt</c> (or .txt.gz).</summary>
    public static double[] ReadRowScores(string resultsDirectory, string machine, int expectedRows)
    {
        string path = Path.Combine(resultsDirectory, machine + ".txt");
        if (!File.Exists(path) && File.Exists(path + ".gz"))
        {
            path += ".gz";
        }

        if (!File.Exists(path))
        {
            throw new EvaluationInputException($"no scores file {path} for {machine}.");
        }

        List<double> scores = [];
        int lineNumber = 0;
        foreach (string line in ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            if (!double.TryParse(line.Split(',')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double score) || double.IsNaN(score))
            {
                throw new EvaluationInputException($"{path}:{lineNumber}: '{line}' is not a score.");
            }

            scores.Add(score);
        }

        return scores.Count == expectedRows
            ? [.. scores]
            : throw new EvaluationInputException($"{path} has {scores.Count} scores but {machine} has {expectedRows} test rows.");
    }

    private static IEnumerable<string> ReadLines(string path)
    {
        using Stream file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress)
            : file;
        using StreamReader reader = new(stream);
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }
}
