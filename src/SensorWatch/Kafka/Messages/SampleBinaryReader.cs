using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace SensorWatch.Kafka.Messages;

/// <summary>
/// The strict reading half of <see cref="SampleBinary"/>: every length is checked before it is used, every field
/// against its rule (marker, version, kind, flags, end ≥ start, T and D per kind, T·D ≤ <see cref="SampleCodec.MaxValues"/>,
/// valid UTF-8, non-empty sensorId and model, an alertId exactly for alerts, no ±∞ value, nothing after the values).
/// Returns null when valid, else the first problem with its byte position; never throws on bad bytes.
/// </summary>
internal static class SampleBinaryReader
{
    private const ushort NullString = 0xFFFF;

    public static string? Read(ReadOnlySpan<byte> value, out SampleMessage? sample)
    {
        sample = null;
        if (value.Length < SampleBinary.HeaderSize)
        {
            return $"binary sample truncated: {value.Length} bytes, the header alone is {SampleBinary.HeaderSize}";
        }

        if (value[0] != SampleBinary.Marker)
        {
            return $"not a binary sample: first byte 0x{value[0]:X2}, expected 0x{SampleBinary.Marker:X2}";
        }

        if (value[1] != SampleBinary.Version)
        {
            return $"unsupported binary sample format version {value[1]} (this build reads {SampleBinary.Version})";
        }

        SampleKind? kind = value[2] switch
        {
            0 => SampleKind.Window,
            1 => SampleKind.AlertOpened,
            2 => SampleKind.AlertResolved,
            _ => null,
        };
        if (kind is null)
        {
            return $"unknown kind {value[2]} at byte 2 (0 window, 1 alert-open, 2 alert-resolved)";
        }

        byte flags = value[3];
        ScoreStatus? status = ((flags >> 1) & 3) switch
        {
            0 => ScoreStatus.Scored,
            1 => ScoreStatus.Probation,
            2 => ScoreStatus.Imputed,
            _ => null,
        };
        if (status is null || (flags & ~7) != 0)
        {
            return $"bad flags 0x{flags:X2} at byte 3 (bit 0 anomalous, bits 1-2 status 0..2, others 0)";
        }

        long start = BinaryPrimitives.ReadInt64LittleEndian(value[4..]);
        long end = BinaryPrimitives.ReadInt64LittleEndian(value[12..]);
        if (end < start)
        {
            return $"end ({end}) is before start ({start})";
        }

        int windowLength = BinaryPrimitives.ReadInt32LittleEndian(value[48..]);
        int features = BinaryPrimitives.ReadInt32LittleEndian(value[52..]);
        string? shape = CheckShape(kind.Value, windowLength, features);
        if (shape is not null)
        {
            return shape;
        }

        int at = SampleBinary.HeaderSize;
        string?[] strings = new string?[5];   // sensorId, model, modelVersion, alertId, topic
        for (int i = 0; i < strings.Length; i++)
        {
            string? problem = ReadString(value, ref at, i, out strings[i]);
            if (problem is not null)
            {
                return problem;
            }
        }

        return Build(value, at, kind.Value, (flags & 1) != 0, status.Value, start, end, windowLength, features, strings, out sample);
    }

    private static string? CheckShape(SampleKind kind, int windowLength, int features)
    {
        if (kind != SampleKind.Window)
        {
            return windowLength == 0 && features == 0 ? null : $"an alert sample has T = D = 0 (got T={windowLength}, D={features})";
        }

        return windowLength > 0 && features > 0 && (long)windowLength * features <= SampleCodec.MaxValues
            ? null
            : $"a window sample needs T > 0, D > 0 and T·D ≤ {SampleCodec.MaxValues} (got T={windowLength}, D={features})";
    }

    private static string? ReadString(ReadOnlySpan<byte> value, ref int at, int index, out string? text)
    {
        text = null;
        if (value.Length - at < 2)
        {
            return $"binary sample truncated at byte {at}: the length of {Name(index)} is missing";
        }

        ushort length = BinaryPrimitives.ReadUInt16LittleEndian(value[at..]);
        at += 2;
        if (length == NullString)
        {
            return null;
        }

        if (value.Length - at < length)
        {
            return $"binary sample truncated at byte {at}: {Name(index)} needs {length} bytes, {value.Length - at} left";
        }

        ReadOnlySpan<byte> bytes = value.Slice(at, length);
        if (!Utf8.IsValid(bytes))
        {
            return $"{Name(index)} at byte {at} is not valid UTF-8";
        }

        text = Encoding.UTF8.GetString(bytes);
        at += length;
        return null;
    }

    private static string? Build(ReadOnlySpan<byte> value, int at, SampleKind kind, bool anomalous, ScoreStatus status, long start, long end,
        int windowLength, int features, string?[] strings, out SampleMessage? sample)
    {
        sample = null;
        (string? sensorId, string? model, string? modelVersion, string? alertId, string? topic) = (strings[0], strings[1], strings[2], strings[3], strings[4]);
        if (string.IsNullOrEmpty(sensorId) || string.IsNullOrEmpty(model))
        {
            return "sensorId and model are required and non-empty";
        }

        if ((kind == SampleKind.Window) == !string.IsNullOrEmpty(alertId))
        {
            return kind == SampleKind.Window ? "a window sample carries no alertId" : "an alert sample needs an alertId";
        }

        long expected = at + ((long)windowLength * features * sizeof(float));
        if (value.Length != expected)
        {
            return value.Length < expected
                ? $"binary sample truncated: {value.Length} bytes, T·D = {windowLength}·{features} values need {expected}"
                : $"{value.Length - expected} trailing bytes after the sample (expected {expected} bytes)";
        }

        double score = BinaryPrimitives.ReadDoubleLittleEndian(value[20..]);
        double threshold = BinaryPrimitives.ReadDoubleLittleEndian(value[28..]);
        if (kind != SampleKind.Window)
        {
            sample = SampleMessage.ForAlert(kind, sensorId, model, alertId!, start, end, score, threshold, modelVersion);
            return null;
        }

        float[] values = new float[windowLength * features];   // (T, D)
        ReadOnlySpan<byte> raw = value[at..];
        for (int i = 0; i < values.Length; i++)
        {
            float v = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * sizeof(float))..]);
            if (float.IsInfinity(v))
            {
                return $"value {i} (byte {at + (i * sizeof(float))}) is infinite (missing values are NaN)";
            }

            values[i] = v;
        }

        int partition = BinaryPrimitives.ReadInt32LittleEndian(value[36..]);
        long offset = BinaryPrimitives.ReadInt64LittleEndian(value[40..]);
        sample = SampleMessage.ForWindow(sensorId, model, start, end, windowLength, features, values, score, threshold, anomalous, status, modelVersion,
            topic ?? "", partition, offset);
        return null;
    }

    private static string Name(int index) => index switch
    {
        0 => "sensorId",
        1 => "model",
        2 => "modelVersion",
        3 => "alertId",
        _ => "topic",
    };
}
