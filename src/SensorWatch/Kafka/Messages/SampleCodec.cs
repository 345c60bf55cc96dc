using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SensorWatch.Kafka.Messages;

/// <summary>
/// The samples topic's two formats. The scorer writes format 2, binary (<see cref="SampleBinary"/>: raw float32
/// values, first byte 0xB5); <see cref="TryDecode"/> reads both it and format 1, the compact JSON written by
/// <see cref="EncodeJson"/> (earlier scorers; still readable so a rolling upgrade or a topic's history loses nothing),
/// telling them apart by the first byte. JSON format 1 is written with <see cref="Utf8JsonWriter"/> and read with
/// <see cref="Utf8JsonReader"/> (no reflection). Times are Unix milliseconds; a window's values are one flat (T·D)
/// row-major array (NaN/Inf written as null, read back as NaN):
/// <code>
/// {"v":1,"kind":"window","sensorId":"p-1","model":"default","start":1,"end":2,"t":2,"d":1,"values":[0.5,null],
///  "score":1.2,"threshold":3.4,"anomalous":false,"status":"scored","modelVersion":"v3","source":{"topic":"sensor.windows","partition":0,"offset":7}}
/// {"v":1,"kind":"alert-open","sensorId":"p-1","model":"default","alertId":"ab12","start":1,"end":2,"score":9,"threshold":3.4,"modelVersion":"v3"}
/// </code>
/// Decoding never throws on bad bytes: <see cref="TryDecode"/> returns false with a reason naming what was wrong.
/// Unknown JSON fields are skipped (forward compatible). JSON encoding reuses one buffer; not thread-safe.
/// </summary>
internal sealed class SampleCodec
{
    /// <summary>Most values one window may carry (T·D).</summary>
    public const int MaxValues = 1 << 22;

    private const int Version = 1;

    private readonly JsonOutput _output = new();
    private readonly ArrayBufferWriter<byte> _values = new(4096);

    /// <summary>The format the scorer writes: binary, format 2 (<see cref="SampleBinary"/>).</summary>
    public static byte[] Encode(SampleMessage sample) => SampleBinary.Encode(sample);

    /// <summary>Format 1, compact JSON (what scorers before format 2 wrote).</summary>
    public byte[] EncodeJson(SampleMessage sample)
    {
        Utf8JsonWriter writer = _output.Begin();
        writer.WriteStartObject();
        writer.WriteNumber("v"u8, Version);
        writer.WriteString("kind"u8, KindName(sample.Kind));
        writer.WriteString("sensorId"u8, sample.SensorId);
        writer.WriteString("model"u8, sample.Model);
        if (sample.AlertId is not null)
        {
            writer.WriteString("alertId"u8, sample.AlertId);
        }

        writer.WriteNumber("start"u8, sample.StartMs);
        writer.WriteNumber("end"u8, sample.EndMs);
        if (sample.Kind == SampleKind.Window)
        {
            writer.WriteNumber("t"u8, sample.WindowLength);
            writer.WriteNumber("d"u8, sample.Features);
            writer.WritePropertyName("values"u8);
            writer.WriteRawValue(ValuesText(sample.Values), skipInputValidation: true);   // built below: valid JSON by construction
        }

        JsonOutput.WriteNumberOrNull(writer, "score"u8, sample.Score);
        JsonOutput.WriteNumberOrNull(writer, "threshold"u8, sample.Threshold);
        if (sample.Kind == SampleKind.Window)
        {
            writer.WriteBoolean("anomalous"u8, sample.Anomalous);
            writer.WriteString("status"u8, ScoreRecordEncoder.StatusName(sample.Status));
        }

        JsonOutput.WriteStringOrNull(writer, "modelVersion"u8, sample.ModelVersion);
        if (sample.Kind == SampleKind.Window)
        {
            writer.WriteStartObject("source"u8);
            writer.WriteString("topic"u8, sample.Topic);
            writer.WriteNumber("partition"u8, sample.Partition);
            writer.WriteNumber("offset"u8, sample.Offset);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        return _output.End();
    }

    /// <summary>
    /// The values as one JSON array, written without a per-number writer call: short decimals through
    /// <see cref="ShortFloatText"/> (exact), other finite floats as shortest round-trip ("R"), NaN/±∞ as null.
    /// </summary>
    private ReadOnlySpan<byte> ValuesText(float[] values)
    {
        _values.ResetWrittenCount();
        Span<byte> text = _values.GetSpan((values.Length * 24) + 2);
        int at = 0;
        text[at++] = (byte)'[';
        for (int i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                text[at++] = (byte)',';
            }

            float value = values[i];
            if (ShortFloatText.TryFormat(value, text[at..], out int written)
                || (float.IsFinite(value) && value.TryFormat(text[at..], out written, "R", CultureInfo.InvariantCulture)))
            {
                at += written;
            }
            else
            {
                "null"u8.CopyTo(text[at..]);
                at += 4;
            }
        }

        text[at++] = (byte)']';
        _values.Advance(at);
        return _values.WrittenSpan;
    }

    /// <summary>Decodes one record; false with <paramref name="error"/> (what and where) when the bytes are not a valid sample.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SampleMessage? sample,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        sample = null;
        if (value.IsEmpty)
        {
            error = "the sample record is empty";
            return false;
        }

        if (value[0] == SampleBinary.Marker)
        {
            error = SampleBinary.Read(value, out sample);
            return error is null && sample is not null;
        }

        Utf8JsonReader reader = new(value, new JsonReaderOptions { MaxDepth = 4 });
        try
        {
            error = SampleReader.Read(ref reader, out sample);
        }
        catch (JsonException exception)
        {
            error = $"malformed JSON at byte {reader.BytesConsumed}: {exception.Message}";
        }
        catch (InvalidOperationException exception)
        {
            error = $"wrong JSON type at byte {reader.BytesConsumed}: {exception.Message}";
        }
        catch (FormatException exception)
        {
            error = $"number out of range at byte {reader.BytesConsumed}: {exception.Message}";
        }
        catch (DecoderFallbackException)
        {
            error = $"invalid UTF-8 in a string before byte {reader.BytesConsumed}";
        }

        if (error is not null || sample is null)
        {
            error ??= "the sample record could not be read";
            sample = null;
            return false;
        }

        return true;
    }

    public static ReadOnlySpan<byte> KindName(SampleKind kind) => kind switch
    {
        SampleKind.Window => "window"u8,
        SampleKind.AlertOpened => "alert-open"u8,
        SampleKind.AlertResolved => "alert-resolved"u8,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown sample kind"),
    };
}
