using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace SensorWatch.Kafka.Messages;

/// <summary>
/// The samples topic's binary form (format version 2, what the scorer writes): a fixed little-endian header, five
/// length-prefixed UTF-8 strings, then the window's values as raw float32. About 2.1 KB for a ref-small window
/// (T=64, D=8) instead of ~4.5 KB of JSON, and a copy instead of 512 decimal formattings (bench-pipeline: the samples
/// thread's CPU per window 21 → ~4 µs). Layout:
/// <code>
/// offset size  field
///  0     1     marker 0xB5 (never the first byte of JSON text, so format 1 JSON records stay readable)
///  1     1     format version = 2
///  2     1     kind: 0 window, 1 alert-open, 2 alert-resolved
///  3     1     flags: bit 0 anomalous, bits 1-2 status (0 scored, 1 probation, 2 imputed); other bits 0
///  4     8     start, Unix ms (i64)            12  8  end, Unix ms (i64, ≥ start)
/// 20     8     score (f64, NaN = none)         28  8  threshold (f64, NaN = none)
/// 36     4     source partition (i32)          40  8  source offset (i64)
/// 48     4     T (i32)                         52  4  D (i32)        window: T, D &gt; 0; alert: 0, 0
/// 56     ...   sensorId, model, modelVersion, alertId, topic: each u16 byte length (0xFFFF = null) + UTF-8 bytes
///        4·T·D values (f32, (T, D) row-major, NaN = missing; ±∞ are written as NaN)
/// </code>
/// The record must be exactly that long. <see cref="Read"/> never throws: it returns what was wrong and where.
/// </summary>
internal static class SampleBinary
{
    public const byte Marker = 0xB5;
    public const byte Version = 2;
    public const int HeaderSize = 56;

    private const ushort NullString = 0xFFFF;
    private const int StringCount = 5;

    /// <summary>Encodes a window sample straight from the scored batch (values (T, D) raw). Throws ArgumentException for a string over 65,534 UTF-8 bytes.</summary>
    public static byte[] EncodeWindow(string sensorId, string model, long startMs, long endMs, int windowLength, int features, ReadOnlySpan<float> values,
        double score, double threshold, bool anomalous, ScoreStatus status, string? modelVersion, string topic, int partition, long offset)
    {
        if (values.Length != (long)windowLength * features)
        {
            throw new ArgumentException($"values has {values.Length} elements; T·D = {windowLength}·{features}", nameof(values));
        }

        byte[] record = Allocate(values.Length, sensorId, model, modelVersion, null, topic);
        WriteHeader(record, SampleKind.Window, anomalous, status, startMs, endMs, score, threshold, partition, offset, windowLength, features);
        int at = WriteStrings(record, sensorId, model, modelVersion, null, topic);
        Span<byte> target = record.AsSpan(at);
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values).CopyTo(target);
            Span<float> written = MemoryMarshal.Cast<byte, float>(target);
            for (int i = 0; i < written.Length; i++)
            {
                if (float.IsInfinity(written[i]))
                {
                    written[i] = float.NaN;
                }
            }
        }
        else
        {
            for (int i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(target[(i * 4)..], float.IsInfinity(values[i]) ? float.NaN : values[i]);
            }
        }

        return record;
    }

    /// <summary>Encodes any sample (window or alert transition).</summary>
    public static byte[] Encode(SampleMessage sample)
    {
        if (sample.Kind == SampleKind.Window)
        {
            return EncodeWindow(sample.SensorId, sample.Model, sample.StartMs, sample.EndMs, sample.WindowLength, sample.Features, sample.Values,
                sample.Score, sample.Threshold, sample.Anomalous, sample.Status, sample.ModelVersion, sample.Topic, sample.Partition, sample.Offset);
        }

        byte[] record = Allocate(0, sample.SensorId, sample.Model, sample.ModelVersion, sample.AlertId, sample.Topic);
        WriteHeader(record, sample.Kind, sample.Anomalous, sample.Status, sample.StartMs, sample.EndMs, sample.Score, sample.Threshold, sample.Partition,
            sample.Offset, 0, 0);
        WriteStrings(record, sample.SensorId, sample.Model, sample.ModelVersion, sample.AlertId, sample.Topic);
        return record;
    }

    /// <summary>Decodes one binary record: null when valid (<paramref name="sample"/> set), else what was wrong and where.</summary>
    public static string? Read(ReadOnlySpan<byte> value, out SampleMessage? sample) => SampleBinaryReader.Read(value, out sample);

    private static byte[] Allocate(int valueCount, string sensorId, string model, string? modelVersion, string? alertId, string topic) =>
        new byte[HeaderSize + (2 * StringCount) + Utf8Length(sensorId) + Utf8Length(model) + Utf8Length(modelVersion) + Utf8Length(alertId)
            + Utf8Length(topic) + (valueCount * sizeof(float))];

    private static int Utf8Length(string? text)
    {
        int length = text is null ? 0 : Encoding.UTF8.GetByteCount(text);
        return length < NullString ? length : throw new ArgumentException($"a sample string may be at most {NullString - 1} UTF-8 bytes (got {length})");
    }

    private static void WriteHeader(Span<byte> record, SampleKind kind, bool anomalous, ScoreStatus status, long startMs, long endMs, double score,
        double threshold, int partition, long offset, int windowLength, int features)
    {
        record[0] = Marker;
        record[1] = Version;
        record[2] = kind switch
        {
            SampleKind.Window => 0,
            SampleKind.AlertOpened => 1,
            SampleKind.AlertResolved => 2,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown sample kind"),
        };
        int statusBits = status switch
        {
            ScoreStatus.Scored => 0,
            ScoreStatus.Probation => 1,
            ScoreStatus.Imputed => 2,
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown score status"),
        };
        record[3] = (byte)((anomalous ? 1 : 0) | (statusBits << 1));
        BinaryPrimitives.WriteInt64LittleEndian(record[4..], startMs);
        BinaryPrimitives.WriteInt64LittleEndian(record[12..], endMs);
        BinaryPrimitives.WriteDoubleLittleEndian(record[20..], score);
        BinaryPrimitives.WriteDoubleLittleEndian(record[28..], threshold);
        BinaryPrimitives.WriteInt32LittleEndian(record[36..], partition);
        BinaryPrimitives.WriteInt64LittleEndian(record[40..], offset);
        BinaryPrimitives.WriteInt32LittleEndian(record[48..], windowLength);
        BinaryPrimitives.WriteInt32LittleEndian(record[52..], features);
    }

    private static int WriteStrings(Span<byte> record, string sensorId, string model, string? modelVersion, string? alertId, string topic)
    {
        int at = HeaderSize;
        at = WriteString(record, at, sensorId);
        at = WriteString(record, at, model);
        at = WriteString(record, at, modelVersion);
        at = WriteString(record, at, alertId);
        return WriteString(record, at, topic);
    }

    private static int WriteString(Span<byte> record, int at, string? text)
    {
        if (text is null)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(record[at..], NullString);
            return at + 2;
        }

        int length = Encoding.UTF8.GetBytes(text, record[(at + 2)..]);
        BinaryPrimitives.WriteUInt16LittleEndian(record[at..], (ushort)length);
        return at + 2 + length;
    }
}
