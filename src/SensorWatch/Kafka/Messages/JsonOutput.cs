using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace SensorWatch.Kafka.Messages;

/// <summary>
/// A reusable <see cref="Utf8JsonWriter"/> over a reusable buffer: encoders write into it and copy the bytes out once.
/// Non-finite numbers are written as null (Utf8JsonWriter would throw), so a broken score never crashes encoding.
/// Not thread-safe.
/// </summary>
internal sealed class JsonOutput
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;

    public JsonOutput()
    {
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = false, Indented = false });
    }

    /// <summary>Clears the buffer and returns the writer, ready for one message.</summary>
    public Utf8JsonWriter Begin()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        return _writer;
    }

    /// <summary>Flushes and copies the message out.</summary>
    public byte[] End()
    {
        _writer.Flush();
        return _buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes a number, or null when it is NaN or infinite.</summary>
    public static void WriteNumberOrNull(Utf8JsonWriter writer, ReadOnlySpan<byte> name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    /// <summary>Writes Unix milliseconds as an RFC 3339 UTC timestamp with milliseconds (e.g. 2026-11-22T10:00:00.000Z), without allocating.</summary>
    public static void WriteTimestamp(Utf8JsonWriter writer, ReadOnlySpan<byte> name, long unixMs)
    {
        Span<byte> text = stackalloc byte[32];
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.TryFormat(text, out int written, TimestampFormat, CultureInfo.InvariantCulture);
        writer.WriteString(name, text[..written]);
    }

    /// <summary>The one timestamp format of every SensorWatch output (JSON fields and dead-letter headers).</summary>
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>Writes a string, or null.</summary>
    public static void WriteStringOrNull(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
