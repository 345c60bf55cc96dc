using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SensorWatch.Core.Preprocessing;

/// <summary>
/// Reads JSONL window messages (DESIGN §3: <c>{"sensorId", "model", "start", "intervalMs", "features", "values": [[…]]}</c>,
/// one per line, plain or gzip) into a <see cref="WindowSet"/>. <c>null</c> cells become NaN. Every window must have
/// the same T, D and feature names; a malformed line is an error naming the line and what was found.
/// </summary>
public static class JsonlWindowReader
{
    /// <summary>Reads a file.</summary>
    public static WindowSet Read(string path)
    {
        using StreamReader reader = TextSource.Open(path);
        return Read(reader, path);
    }

    /// <summary>Reads from a text reader; <paramref name="source"/> names it in errors.</summary>
    public static WindowSet Read(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        List<float> values = [];
        List<string> labels = [];
        IReadOnlyList<string>? features = null;
        int windowLength = -1;
        int lineNumber = 0;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            Message message;
            try
            {
                message = Parse(Encoding.UTF8.GetBytes(line));
            }
            catch (JsonException exception)
            {
                throw new SensorDataException($"{source}:{lineNumber}: malformed JSON ({exception.Message}). Each line must be one window message.", exception);
            }
            catch (FormatException exception)
            {
                throw new SensorDataException($"{source}:{lineNumber}: {exception.Message}", exception);
            }

            int d = message.Width;
            IReadOnlyList<string> names = message.Features ?? [.. Enumerable.Range(1, d).Select(i => $"f{i}")];
            if (names.Count != d)
            {
                throw new SensorDataException($"{source}:{lineNumber}: 'features' names {names.Count} features but each row of 'values' has {d}.");
            }

            if (features is null)
            {
                features = names;
                windowLength = message.Rows;
            }
            else if (message.Rows != windowLength || !features.SequenceEqual(names))
            {
                throw new SensorDataException(
                    $"{source}:{lineNumber}: window of {message.Rows}×{d} [{string.Join(',', names)}], expected {windowLength}×{features.Count} [{string.Join(',', features)}] like the first window.");
            }

            values.AddRange(message.Values);
            labels.Add($"{message.SensorId ?? "?"}@{message.Start ?? labels.Count.ToString(CultureInfo.InvariantCulture)}");
        }

        if (features is null)
        {
            throw new SensorDataException($"{source}: no window messages; expected one JSON window per line.");
        }

        return new WindowSet(features, windowLength, labels, [.. values]);
    }

    private static Message Parse(ReadOnlySpan<byte> json)
    {
        Utf8JsonReader reader = new(json);
        Expect(ref reader, JsonTokenType.StartObject, "a JSON object");
        Message message = new();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            reader.Read();
            switch (name)
            {
                case "sensorId":
                    message.SensorId = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    break;
                case "start":
                    message.Start = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    break;
                case "features":
                    message.Features = ReadStrings(ref reader);
                    break;
                case "values":
                    ReadValues(ref reader, message);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (message.Rows == 0)
        {
            throw new FormatException("no 'values' (expected T rows × D numbers, null for missing).");
        }

        return message;
    }

    private static List<string> ReadStrings(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new FormatException($"'features' is {reader.TokenType}, expected an array of names.");
        }

        List<string> names = [];
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            names.Add(reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new FormatException("'features' must hold strings."));
        }

        return names;
    }

    private static void ReadValues(ref Utf8JsonReader reader, Message message)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new FormatException($"'values' is {reader.TokenType}, expected an array of rows.");
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new FormatException($"row {message.Rows} of 'values' is {reader.TokenType}, expected an array of numbers.");
            }

            int width = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                message.Values.Add(reader.TokenType switch
                {
                    JsonTokenType.Null => float.NaN,
                    JsonTokenType.Number when reader.TryGetSingle(out float v) && float.IsFinite(v) => v,
                    _ => throw new FormatException($"row {message.Rows} column {width} of 'values' is {reader.TokenType}, expected a finite number or null."),
                });
                width++;
            }

            if (message.Rows > 0 && width != message.Width)
            {
                throw new FormatException($"row {message.Rows} of 'values' has {width} numbers, expected {message.Width} like row 0.");
            }

            message.Width = width;
            message.Rows++;
        }
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (!reader.Read() || reader.TokenType != type)
        {
            throw new FormatException($"expected {what}, found {reader.TokenType}.");
        }
    }

    private sealed class Message
    {
        public string? SensorId { get; set; }

        public string? Start { get; set; }

        public List<string>? Features { get; set; }

        public List<float> Values { get; } = [];

        public int Rows { get; set; }

        public int Width { get; set; }
    }
}
