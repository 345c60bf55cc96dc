using System.Globalization;

namespace SensorWatch.Core.Preprocessing;

/// <summary>
/// Reads comma-separated rows (plain or gzip) into a <see cref="SensorTable"/>. With a header, a column named
/// timestamp/time/ts/date/datetime (or a first column whose first value is not a number) holds timestamps and
/// every other column is a numeric feature. Without a header (every cell of the first line is a number, as in SMD's
/// <c>.txt</c> files) the features are named f1..fD and the timestamps are the 0-based row indices.
/// Empty, "null", "nan" and "na" cells are missing (NaN); anything else that is not a finite number is an error
/// naming the line and column.
/// </summary>
public static class CsvTableReader
{
    private static readonly string[] s_timestampNames = ["timestamp", "time", "ts", "date", "datetime"];

    /// <summary>Reads a file; throws <see cref="SensorDataException"/> naming the line for bad content.</summary>
    public static SensorTable Read(string path)
    {
        using StreamReader reader = TextSource.Open(path);
        return Read(reader, path);
    }

    /// <summary>Reads from a text reader; <paramref name="source"/> names it in errors.</summary>
    public static SensorTable Read(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string? first = reader.ReadLine();
        while (first is not null && first.Trim().Length == 0)
        {
            first = reader.ReadLine();
        }

        if (first is null)
        {
            throw new SensorDataException($"{source}: the file is empty; expected comma-separated rows.");
        }

        string[] firstCells = SplitTrim(first);
        bool headerless = firstCells.All(c => IsNumberOrMissing(c));
        int timestampColumn = -1;
        List<string> featureNames = [];
        if (headerless)
        {
            for (int i = 0; i < firstCells.Length; i++)
            {
                featureNames.Add($"f{i + 1}");
            }
        }
        else
        {
            timestampColumn = Array.FindIndex(firstCells, c => s_timestampNames.Contains(c.ToLowerInvariant()));
            featureNames.AddRange(firstCells.Where((_, i) => i != timestampColumn));
        }

        List<string> timestamps = [];
        List<float> values = [];
        int lineNumber = 1;
        string? line = headerless ? first : reader.ReadLine();
        if (!headerless)
        {
            lineNumber++;
        }

        int width = firstCells.Length;
        bool firstDataRow = true;
        for (; line is not null; line = reader.ReadLine(), lineNumber++)
        {
            if (line.Trim().Length == 0)
            {
                continue;
            }

            string[] cells = SplitTrim(line);
            if (cells.Length != width)
            {
                throw new SensorDataException(
                    $"{source}:{lineNumber}: expected {width} comma-separated cells (as in the first line), found {cells.Length}. Fix or remove the row.");
            }

            if (firstDataRow && !headerless && timestampColumn < 0 && !IsNumberOrMissing(cells[0]))
            {
                timestampColumn = 0; // a header without a known timestamp name, but the first column holds text
                featureNames.RemoveAt(0);
            }

            firstDataRow = false;
            timestamps.Add(timestampColumn >= 0 ? cells[timestampColumn] : (timestamps.Count).ToString(CultureInfo.InvariantCulture));
            for (int c = 0; c < cells.Length; c++)
            {
                if (c == timestampColumn)
                {
                    continue;
                }

                values.Add(ParseCell(cells[c], source, lineNumber, headerless ? $"f{c + 1}" : firstCells[c]));
            }
        }

        if (featureNames.Count == 0)
        {
            throw new SensorDataException($"{source}: no numeric feature column; expected a timestamp column and at least one numeric column.");
        }

        if (timestamps.Count == 0)
        {
            throw new SensorDataException($"{source}: a header but no data rows.");
        }

        return new SensorTable(featureNames, timestamps, [.. values]);
    }

    private static string[] SplitTrim(string line) => line.Split(',', StringSplitOptions.TrimEntries);

    private static bool IsNumberOrMissing(string cell) =>
        IsMissing(cell) || double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static bool IsMissing(string cell) =>
        cell.Length == 0 || cell.Equals("null", StringComparison.OrdinalIgnoreCase)
        || cell.Equals("nan", StringComparison.OrdinalIgnoreCase) || cell.Equals("na", StringComparison.OrdinalIgnoreCase);

    private static float ParseCell(string cell, string source, int line, string column)
    {
        if (IsMissing(cell))
        {
            return float.NaN;
        }

        if (!float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) || !float.IsFinite(value))
        {
            throw new SensorDataException(
                $"{source}:{line}: column '{column}' holds '{cell}', expected a finite number or an empty cell for a missing reading.");
        }

        return value;
    }
}
