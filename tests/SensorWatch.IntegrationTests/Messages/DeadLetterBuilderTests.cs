using System.Text;
using SensorWatch.Kafka.Messages;

namespace SensorWatch.IntegrationTests.Messages;

public sealed class DeadLetterBuilderTests
{
    private static readonly DeadLetterSource s_source = new("sensor.windows", 3, 12345);
    private static readonly DateTimeOffset s_at = new(2026, 11, 22, 10, 0, 0, 250, TimeSpan.Zero);

    [Fact]
    public void Build_BadMessage_CarriesEveryHeaderAndTheOriginalBytes()
    {
        byte[] key = Encoding.UTF8.GetBytes("pump-1");
        byte[] value = Encoding.UTF8.GetBytes("{not json");
        DeadLetterRecord record = new DeadLetterBuilder().Build(DeadLetterReason.MalformedJson, "malformed JSON at byte 1", s_source, key, value, s_at);

        Assert.Equal(key, record.Key);
        Assert.Equal(value, record.Value);
        Assert.Equal("malformed-json", record.Header(DeadLetterHeaders.Reason));
        Assert.Equal("malformed JSON at byte 1", record.Header(DeadLetterHeaders.Detail));
        Assert.Equal("sensor.windows", record.Header(DeadLetterHeaders.Topic));
        Assert.Equal("3", record.Header(DeadLetterHeaders.Partition));
        Assert.Equal("12345", record.Header(DeadLetterHeaders.Offset));
        Assert.Equal("2026-11-22T10:00:00.250Z", record.Header(DeadLetterHeaders.Timestamp));
        Assert.Equal("9", record.Header(DeadLetterHeaders.OriginalValueBytes));
        Assert.Null(record.Header(DeadLetterHeaders.Exception));
        Assert.Null(record.Header(DeadLetterHeaders.Truncated));
    }

    [Fact]
    public void Build_WithException_NamesItsTypeAndUsesItsMessage()
    {
        DeadLetterRecord record = new DeadLetterBuilder().Build(DeadLetterReason.ProcessingError, null, s_source, default, [1, 2], s_at,
            new InvalidOperationException("model swap raced"), originalTimestampMs: 1_700_000_000_123);

        Assert.Equal("System.InvalidOperationException", record.Header(DeadLetterHeaders.Exception));
        Assert.Equal("model swap raced", record.Header(DeadLetterHeaders.Detail));
        Assert.Null(record.Key);
        Assert.Equal("1700000000123", record.Header(DeadLetterHeaders.OriginalTimestamp));
    }

    [Fact]
    public void Build_ValueAndKeyAboveCaps_AreCutAndSaySo()
    {
        byte[] key = new byte[5000];
        byte[] value = new byte[2_000_000];
        value[0] = 42;
        DeadLetterRecord record = new DeadLetterBuilder(maxValueBytes: 1000, maxKeyBytes: 100).Build(DeadLetterReason.OversizedPayload, "big", s_source, key, value, s_at);

        Assert.Equal(1000, record.Value!.Length);
        Assert.Equal(42, record.Value[0]);
        Assert.Equal(100, record.Key!.Length);
        Assert.Equal("key,value", record.Header(DeadLetterHeaders.Truncated));
        Assert.Equal("2000000", record.Header(DeadLetterHeaders.OriginalValueBytes));
        Assert.Equal("5000", record.Header(DeadLetterHeaders.OriginalKeyBytes));
    }

    [Fact]
    public void Build_OriginalHeaders_AreCopiedExceptOldDeadLetterOnes()
    {
        KeyValuePair<string, byte[]?>[] originals =
        [
            new("traceparent", Encoding.UTF8.GetBytes("00-abc-def-01")),
            new(DeadLetterHeaders.Reason, Encoding.UTF8.GetBytes("old-reason")),
            new("empty", null),
        ];
        DeadLetterRecord record = new DeadLetterBuilder().Build(DeadLetterReason.EmptyWindow, "x", s_source, default, [1], s_at, originalHeaders: originals);

        Assert.Equal("00-abc-def-01", record.Header("traceparent"));
        Assert.Equal("empty-window", record.Header(DeadLetterHeaders.Reason));
        Assert.Single(record.Headers, h => h.Key == DeadLetterHeaders.Reason);
        Assert.Equal(string.Empty, record.Header("empty"));
    }

    [Fact]
    public void Build_HugeOriginalHeaders_AreDroppedAndCounted()
    {
        KeyValuePair<string, byte[]?>[] originals = [new("a", new byte[10]), new("junk", new byte[1_000_000])];
        DeadLetterRecord record = new DeadLetterBuilder().Build(DeadLetterReason.OversizedHeaders, "x", s_source, default, [1], s_at, originalHeaders: originals);

        Assert.Equal("2", record.Header(DeadLetterHeaders.HeadersDropped));
        Assert.Null(record.Header("junk"));
        Assert.True(record.Headers.Sum(h => h.Value.Length) < 1000);
    }

    [Fact]
    public void Build_LongDetailWithControlCharacters_IsSanitisedAndCut()
    {
        string detail = "line1\nline2\u0000" + new string('x', 5000);
        DeadLetterRecord record = new DeadLetterBuilder().Build(DeadLetterReason.WrongType, detail, s_source, default, [1], s_at);
        string shown = record.Header(DeadLetterHeaders.Detail)!;

        Assert.Equal(DecodeResult.MaxDetailLength, shown.Length);
        Assert.StartsWith("line1?line2?", shown, StringComparison.Ordinal);
        Assert.EndsWith("…", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void Reasons_EveryCode_IsDistinctKebabCaseAndRoundTrips()
    {
        HashSet<string> codes = [];
        foreach (DeadLetterReason reason in DeadLetterReasons.All)
        {
            string code = reason.Code();
            Assert.True(codes.Add(code), code);
            Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", code);
            Assert.True(DeadLetterReasons.TryParse(code, out DeadLetterReason parsed));
            Assert.Equal(reason, parsed);
        }

        Assert.Equal("invalid-utf8", DeadLetterReason.InvalidUtf8.Code());
        Assert.Equal("timestamp-out-of-range", DeadLetterReason.TimestampOutOfRange.Code());
    }
}
