using System.IO.Compression;

namespace SensorWatch.Core.Preprocessing;

/// <summary>Opens a text file for reading, transparently un-gzipping names ending in ".gz".</summary>
internal static class TextSource
{
    public static StreamReader Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new SensorDataException($"{path}: file not found. Check the path.");
        }

        Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            stream = new GZipStream(stream, CompressionMode.Decompress);
        }

        return new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
    }

    /// <summary>The file name without ".gz", lower-case, to decide the format by extension.</summary>
    public static string InnerName(string path)
    {
        string name = Path.GetFileName(path).ToLowerInvariant();
        return name.EndsWith(".gz", StringComparison.Ordinal) ? name[..^3] : name;
    }
}
