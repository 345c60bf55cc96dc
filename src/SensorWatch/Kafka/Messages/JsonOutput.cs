using System.Buffers;
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

    /// <summary>Writes Unix milliseconds as an RFC 3339 UTC timestamp (e.g. 2026-11-22T10:00:00Z).</summary>
    public static void WriteTimestamp(Utf8JsonWriter writer, ReadOnlySpan<byte> name, long unixMs) =>
        writer.WriteString(name, DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime);

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
