using System.Buffers;
using System.Globalization;
using System.Text.Json;
using SensorWatch.Core.Synthetic;

namespace SensorWatch.Simulator;

/// <summary>
/// The simulator's JSON (DESIGN §3): window messages, single readings and ground-truth lines. Values are rounded to
/// 4 decimals (far below the sensors' noise) to keep messages small. Timestamps are RFC 3339 UTC with milliseconds.
/// </summary>
internal static class SimulatorJson
{
    /// <summary><c>{"sensorId","model","start","intervalMs","features","values":[[D]×T]}</c>; values (T, D) row-major.</summary>
    public static byte[] Window(ArrayBufferWriter<byte> buffer, string sensorId, string model, DateTimeOffset start, long intervalMs,
        IReadOnlyList<string> features, ReadOnlySpan<float> values)
    {
        buffer.ResetWrittenCount();
        using (Utf8JsonWriter writer = new(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("sensorId", sensorId);
            writer.WriteString("model", model);
            writer.WriteString("start", Timestamp(start));
            writer.WriteNumber("intervalMs", intervalMs);
            writer.WriteStartArray("features");
            foreach (string feature in features)
            {
                writer.WriteStringValue(feature);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("values");
            int d = features.Count;
            for (int row = 0; row < values.Length / d; row++)
            {
                WriteRow(writer, values.Slice(row * d, d));
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary><c>{"sensorId","model","ts","values":[D]}</c> (the single-reading input form; model is optional there).</summary>
    public static byte[] Reading(ArrayBufferWriter<byte> buffer, string sensorId, string model, DateTimeOffset timestamp, ReadOnlySpan<float> values)
    {
        buffer.ResetWrittenCount();
        using (Utf8JsonWriter writer = new(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("sensorId", sensorId);
            writer.WriteString("model", model);
            writer.WriteString("ts", Timestamp(timestamp));
            writer.WritePropertyName("values");
            WriteRow(writer, values);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary><c>{"sensorId","model","kind","features","start","end","startRow","endRow"}</c>; kind in kebab-case (e.g. "broken-relation").</summary>
    public static byte[] Truth(ArrayBufferWriter<byte> buffer, GroundTruthRecord record)
    {
        buffer.ResetWrittenCount();
        using (Utf8JsonWriter writer = new(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("sensorId", record.SensorId);
            writer.WriteString("model", record.Model);
            writer.WriteString("kind", KindName(record.Kind));
            writer.WriteStartArray("features");
            foreach (string feature in record.Features)
            {
                writer.WriteStringValue(feature);
            }

            writer.WriteEndArray();
            writer.WriteString("start", Timestamp(record.Start));
            writer.WriteString("end", Timestamp(record.End));
            writer.WriteNumber("startRow", record.StartRow);
            writer.WriteNumber("endRow", record.EndRow);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>"spike", "level-shift", "drift", "stuck", "noise-burst", "frequency-change", "broken-relation".</summary>
    public static string KindName(AnomalyKind kind) => JsonNamingPolicy.KebabCaseLower.ConvertName(kind.ToString());

    /// <summary>RFC 3339 UTC with milliseconds, e.g. "2026-11-22T10:00:00.000Z".</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void WriteRow(Utf8JsonWriter writer, ReadOnlySpan<float> row)
    {
        writer.WriteStartArray();
        Span<byte> text = stackalloc byte[32];
        foreach (float value in row)
        {
            int length = FormatFixed4(value, text);
            if (length > 0)
            {
                writer.WriteRawValue(text[..length], skipInputValidation: true);
            }
            else
            {
                writer.WriteNumberValue(Math.Round((double)value, 4));
            }
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// Writes <paramref name="value"/> rounded to 4 decimals (half away from zero, the value Math.Round(v, 4,
    /// AwayFromZero) has) as plain decimal text without trailing zeros, e.g. 20.32 or -0.0001 or 1361; about 5× faster
    /// than the shortest-round-trip double formatter. Returns 0 (caller falls back) for non-finite or |v| ≥ 1e13.
    /// </summary>
    internal static int FormatFixed4(float value, Span<byte> destination)
    {
        double scaled = Math.Round((double)value * 10_000, MidpointRounding.AwayFromZero);
        if (!double.IsFinite(scaled) || Math.Abs(scaled) >= 1e17)
        {
            return 0;
        }

        long units = (long)scaled;
        int position = 0;
        if (units < 0)
        {
            destination[position++] = (byte)'-';
            units = -units;
        }

        long whole = units / 10_000;
        long fraction = units % 10_000;
        if (!System.Buffers.Text.Utf8Formatter.TryFormat(whole, destination[position..], out int written))
        {
            return 0;
        }

        position += written;
        if (fraction != 0)
        {
            destination[position++] = (byte)'.';
            int digits = 4;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                digits--;
            }

            for (int i = digits - 1; i >= 0; i--)
            {
                destination[position + i] = (byte)('0' + (fraction % 10));
                fraction /= 10;
            }

            position += digits;
        }

        return position;
    }
}
