namespace SensorWatch.Core.Preprocessing;

/// <summary>Chooses the reader by file name: <c>.jsonl</c>/<c>.json</c> (optionally <c>.gz</c>) are window messages, anything else comma-separated rows.</summary>
public static class SensorDataReader
{
    /// <summary>True when the file holds JSONL window messages.</summary>
    public static bool IsWindowFile(string path)
    {
        string name = TextSource.InnerName(path);
        return name.EndsWith(".jsonl", StringComparison.Ordinal) || name.EndsWith(".json", StringComparison.Ordinal)
            || name.EndsWith(".ndjson", StringComparison.Ordinal);
    }
}
