using System.Buffers.Binary;
using SensorWatch.Kafka.Messages;

namespace SensorWatch.IntegrationTests.Messages;

/// <summary>The binary samples format (format 2): strict decoding, every malformed record refused with a reason, never an exception.</summary>
public sealed class SampleBinaryTests
{
    private const long Start = 1_795_000_000_000;
    private const int SensorIdAt = SampleBinary.HeaderSize;   // u16 length, then "pump-1"

    [Fact]
    public void EncodeWindow_FromSpan_EqualsEncodeOfTheMessage()
    {
        SampleMessage window = Window(16, 3);

        byte[] fromSpan = SampleBinary.EncodeWindow("pump-1", "pumps", Start, Start + 15000, 16, 3, window.Values.AsSpan(), 2.5, 4, false,
            ScoreStatus.Scored, "v7", "sensor.windows", 1, 99);

        Assert.Equal(SampleCodec.Encode(window), fromSpan);
    }

    [Fact]
    public void TryDecode_EveryTruncation_FalseWithReasonNeverThrows()
    {
        byte[] record = SampleCodec.Encode(Window(16, 3));

        for (int length = 1; length < record.Length; length++)
        {
            Assert.False(SampleCodec.TryDecode(record.AsSpan(0, length), out SampleMessage? sample, out string? error), $"length {length}");
            Assert.Null(sample);
            Assert.Contains("truncated", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TryDecode_EverySingleByteCorruption_NeverThrows()
    {
        byte[] record = SampleCodec.Encode(Window(4, 2));
        int refused = 0;

        for (int at = 0; at < record.Length; at++)
        {
            foreach (byte replacement in new byte[] { 0x00, 0xFF, (byte)(record[at] ^ 0x80) })
            {
                byte[] corrupt = (byte[])record.Clone();
                corrupt[at] = replacement;
                if (!SampleCodec.TryDecode(corrupt, out SampleMessage? sample, out string? error))
                {
                    Assert.Null(sample);
                    Assert.False(string.IsNullOrEmpty(error));
                    refused++;
                }
            }
        }

        Assert.True(refused > record.Length, $"only {refused} of {3 * record.Length} corruptions were refused");
    }

    public static TheoryData<string, string> Corruptions => new()
    {
        { "version 3", "unsupported binary sample format version 3" },
        { "kind 7", "unknown kind 7" },
        { "flags 0x08", "bad flags 0x08" },
        { "status 3", "bad flags 0x06" },
        { "end before start", "is before start" },
        { "T = 0", "a window sample needs T > 0" },
        { "T·D too large", "T·D ≤" },
        { "sensorId invalid UTF-8", "sensorId at byte 58 is not valid UTF-8" },
        { "sensorId empty", "sensorId and model are required" },
        { "sensorId null", "sensorId and model are required" },
        { "string longer than the record", "sensorId needs 60000 bytes" },
        { "trailing bytes", "3 trailing bytes" },
        { "last value missing", "truncated" },
        { "infinite value", "value 5" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void TryDecode_CorruptWindow_FalseWithClearReason(string corruption, string expected)
    {
        byte[] record = Corrupt(SampleCodec.Encode(Window(4, 2)), corruption);

        Assert.False(SampleCodec.TryDecode(record, out SampleMessage? sample, out string? error));

        Assert.Null(sample);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_AlertWithoutAlertIdOrWithShape_False()
    {
        byte[] alert = SampleCodec.Encode(SampleMessage.ForAlert(SampleKind.AlertOpened, "s", "m", "a1", Start, Start + 1, 9, 3, "v1"));
        byte[] withShape = (byte[])alert.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(withShape.AsSpan(48), 1);
        byte[] windowKind = (byte[])alert.Clone();
        windowKind[2] = 0;   // a window record carrying an alertId and no shape

        Assert.True(SampleCodec.TryDecode(alert, out _, out string? error), error);
        Assert.False(SampleCodec.TryDecode(withShape, out _, out error));
        Assert.Contains("an alert sample has T = D = 0", error, StringComparison.Ordinal);
        Assert.False(SampleCodec.TryDecode(windowKind, out _, out error));
        Assert.Contains("a window sample needs T > 0", error, StringComparison.Ordinal);
    }

    private static byte[] Corrupt(byte[] record, string corruption)
    {
        Span<byte> bytes = record;
        switch (corruption)
        {
            case "version 3": bytes[1] = 3; break;
            case "kind 7": bytes[2] = 7; break;
            case "flags 0x08": bytes[3] = 0x08; break;
            case "status 3": bytes[3] = 0x06; break;
            case "end before start": BinaryPrimitives.WriteInt64LittleEndian(bytes[12..], Start - 1); break;
            case "T = 0": BinaryPrimitives.WriteInt32LittleEndian(bytes[48..], 0); break;
            case "T·D too large": BinaryPrimitives.WriteInt32LittleEndian(bytes[48..], SampleCodec.MaxValues); break;
            case "sensorId invalid UTF-8": bytes[SensorIdAt + 2] = 0xC3; bytes[SensorIdAt + 3] = 0x28; break;
            case "sensorId empty": return [.. record.AsSpan(0, SensorIdAt), 0, 0, .. record.AsSpan(SensorIdAt + 2 + 6)];
            case "sensorId null": return [.. record.AsSpan(0, SensorIdAt), 0xFF, 0xFF, .. record.AsSpan(SensorIdAt + 2 + 6)];
            case "string longer than the record": BinaryPrimitives.WriteUInt16LittleEndian(bytes[SensorIdAt..], 60000); break;
            case "trailing bytes": return [.. record, 1, 2, 3];
            case "last value missing": return record[..^4];
            case "infinite value": BinaryPrimitives.WriteSingleLittleEndian(bytes[^((8 - 5) * 4)..], float.NegativeInfinity); break;
            default: throw new ArgumentOutOfRangeException(nameof(corruption), corruption, "unknown corruption");
        }

        return record;
    }

    /// <summary>A window sample of (T, D) seeded values.</summary>
    private static SampleMessage Window(int windowLength, int features) =>
        SampleMessage.ForWindow("pump-1", "pumps", Start, Start + 15000, windowLength, features, Values(windowLength * features), 2.5, 4, false,
            ScoreStatus.Scored, "v7", "sensor.windows", 1, 99);

    private static float[] Values(int count)
    {
        Random random = new(11);
        float[] values = new float[count];   // (T, D)
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)(random.NextDouble() * 100);
        }

        return values;
    }
}
