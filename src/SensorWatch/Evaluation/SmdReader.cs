using System.Globalization;
using System.IO.Compression;

namespace SensorWatch.Evaluation;

/// <summary>Reads an SMD-layout folder: <c>train/</c>, <c>test/</c>, <c>test_label/</c> of comma-separated rows, plain or .gz.</summary>
internal static class SmdReader
{
    /// <summary>The machine names found in <c>test/</c>, sorted.</summary>
    public static IReadOnlyList<string> MachineNames(string dataDirectory)
    {
        string test = Path.Combine(dataDirectory, "test");
        if (!Directory.Exists(test))
        {
            throw new EvaluationInputException($"{dataDirectory} has no test/ folder (SMD layout: train/, test/, test_label/).");
        }

        return [.. Directory.EnumerateFiles(test).Select(MachineName).Where(n => n.Length > 0).Distinct().Order(StringComparer.Ordinal)];
    }

    /// <summary>Reads one machine; labels are empty when <c>test_label/</c> lacks it.</summary>
    public static SmdMachine Read(string dataDirectory, string machine)
    {
        (float[] train, int trainColumns) = ReadMatrix(Locate(dataDirectory, "train", machine, required: true)!);
        (float[] test, int testColumns) = ReadMatrix(Locate(dataDirectory, "test", machine, required: true)!);
        if (trainColumns != testColumns)
        {
            throw new EvaluationInputException($"{machine}: train has {trainColumns} columns but test has {testColumns}.");
        }

        bool[] labels = [];
        string? labelPath = Locate(dataDirectory, "test_label", machine, required: false);
        if (labelPath is not null)
        {
            (float[] values, int columns) = ReadMatrix(labelPath);
            if (columns != 1 || values.Length != test.Length / testColumns)
            {
                throw new EvaluationInputException($"{labelPath}: expected one 0/1 per test row ({test.Length / testColumns}), found {values.Length} values in {columns} columns.");
            }

            labels = [.. values.Select(v => v > 0.5f)];
        }

        return new SmdMachine(machine, testColumns, train, test, labels);
    }

    /// <summary>Reads a comma-separated numeric matrix (plain or gzip), every row the same width.</summary>
    public static (float[] Values, int Columns) ReadMatrix(string path)
    {
        using Stream file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using StreamReader reader = new(stream);
        List<float> values = [];
        int columns = -1;
        int lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            string[] cells = line.Split(',');
            if (columns < 0)
            {
                columns = cells.Length;
            }
            else if (cells.Length != columns)
            {
                throw new EvaluationInputException($"{path}:{lineNumber}: {cells.Length} columns, expected {columns}.");
            }

            foreach (string cell in cells)
            {
                if (!float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) || !float.IsFinite(value))
                {
                    throw new EvaluationInputException($"{path}:{lineNumber}: '{cell}' is not a finite number.");
                }

                values.Add(value);
            }
        }

        return columns < 0 ? throw new EvaluationInputException($"{path} is empty.") : ([.. values], columns);
    }

    private static string MachineName(string path)
    {
        string name = Path.GetFileName(path);
        foreach (string suffix in new[] { ".txt.gz", ".csv.gz", ".txt", ".csv" })
        {
            if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return name[..^suffix.Length];
            }
        }

        return string.Empty;
    }

    private static string? Locate(string dataDirectory, string folder, string machine, bool required)
    {
        foreach (string suffix in new[] { ".txt", ".txt.gz", ".csv", ".csv.gz" })
        {
            string path = Path.Combine(dataDirectory, folder, machine + suffix);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return required ? throw new EvaluationInputException($"{machine}: no {folder}/{machine}.txt(.gz) in {dataDirectory}.") : null;
    }
}
