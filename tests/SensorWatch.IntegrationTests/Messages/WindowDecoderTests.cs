using System.Text;
using SensorWatch.Configuration;
using SensorWatch.Kafka.Messages;
using static SensorWatch.IntegrationTests.Messages.MessageTestKit;

namespace SensorWatch.IntegrationTests.Messages;

public sealed class WindowDecoderTests
{
    [Fact]
    public void Decode_GoodWindow_FillsEveryField()
    {
        using DecodedWindow window = new();
        DecodeResult result = Decoder().Decode(Utf8("pump-1"), Utf8(Window(values: "[[1,2,3],[4,null,6],[7,8,9],[10,11,12.5]]", extra: "\"windowId\":\"w-9\"")), 0, window);

        Assert.True(result.IsOk, result.Detail);
        Assert.Equal("pump-1", window.SensorId);
        Assert.Equal("pump", window.ModelKey);
        Assert.Equal("w-9", window.WindowId);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 11, 59, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), window.StartMs);
        Assert.Equal(1000, window.IntervalMs);
        Assert.Equal(window.StartMs + 4000, window.EndMs);
        Assert.Equal(4, window.Length);
        Assert.Equal(3, window.FeatureCount);
        Assert.Equal(1, window.MissingCount);
        Assert.Equal(["a", "b", "c"], window.FeatureNames.ToArray());
        float[] values = window.Values.ToArray();
        Assert.Equal(12, values.Length);
        Assert.True(float.IsNaN(values[4]));
        Assert.Equal(12.5f, values[11]);
        Assert.Equal(7f, values[6]);
    }

    [Fact]
    public void Decode_ColdStartModel_AcceptsAnyConsistentShape()
    {
        using DecodedWindow window = new();
        DecodeResult result = Decoder().Decode(default, Utf8(Window(sensorId: "\"new-7\"", values: "[[1,2],[3,4]]", features: null)), 0, window);

        Assert.True(result.IsOk, result.Detail);
        Assert.Equal("fresh", window.ModelKey);
        Assert.Null(window.Shape);
        Assert.Equal(2, window.Length);
        Assert.Equal(2, window.FeatureCount);
    }

    [Fact]
    public void Decode_ReusedWindow_ForgetsThePreviousMessage()
    {
        WindowDecoder decoder = Decoder();
        using DecodedWindow window = new();
        Assert.True(decoder.Decode(default, Utf8(Window(extra: "\"windowId\":\"x\"")), 0, window).IsOk);
        Assert.True(decoder.Decode(default, Utf8(Window(features: null)), 0, window).IsOk);

        Assert.Null(window.WindowId);
        Assert.Equal(0, window.FeatureNameCount);
    }

    [Theory]
    [InlineData("", "empty-payload")]
    [InlineData("not json", "malformed-json")]
    [InlineData("{\"sensorId\":\"pump-1\",", "malformed-json")]
    [InlineData("[1,2,3]", "wrong-type")]
    [InlineData("{\"sensorId\":\"pump-1\"} {}", "malformed-json")]
    public void Decode_BrokenJson_GivesReason(string payload, string expected)
    {
        using DecodedWindow window = new();
        DecodeResult result = Decoder().Decode(default, Utf8(payload), 0, window);
        Assert.Equal(expected, result.Reason.Code());
        Assert.False(string.IsNullOrEmpty(result.Detail));
    }

    [Theory]
    [InlineData("[]", "empty-window")]
    [InlineData("[[]]", "empty-window")]
    [InlineData("[[1,2,3],[4,5]]", "ragged-rows")]
    [InlineData("[[1,2,3],[4,5,6,7]]", "ragged-rows")]
    [InlineData("[[1,2,3],[4,5,6],[7,8,9]]", "wrong-window-length")]
    [InlineData("[[1,2],[4,5],[7,8],[1,1]]", "wrong-feature-count")]
    [InlineData("[[1,2,3],[4,\"NaN\",6],[7,8,9],[1,1,1]]", "non-finite-value")]
    [InlineData("[[1,2,3],[4,\"-Infinity\",6],[7,8,9],[1,1,1]]", "non-finite-value")]
    [InlineData("[[1,2,3],[4,NaN,6],[7,8,9],[1,1,1]]", "non-finite-value")]
    [InlineData("[[1,2,3],[4,-Infinity,6],[7,8,9],[1,1,1]]", "non-finite-value")]
    [InlineData("[[1,2,3],[4,1e308,6],[7,8,9],[1,1,1]]", "value-out-of-range")]
    [InlineData("[[1,2,3],[4,1e400,6],[7,8,9],[1,1,1]]", "value-out-of-range")]
    [InlineData("[[1,2,3],[4,-2e15,6],[7,8,9],[1,1,1]]", "value-out-of-range")]
    [InlineData("[[1,2,3],[null,null,null],[null,8,9],[1,1,1]]", "too-many-missing")]
    [InlineData("[[1,2,3],[4,\"x\",6],[7,8,9],[1,1,1]]", "wrong-type")]
    [InlineData("[[1,2,3],[4,true,6],[7,8,9],[1,1,1]]", "wrong-type")]
    [InlineData("[1,2,3]", "wrong-type")]
    [InlineData("{\"a\":1}", "wrong-type")]
    public void Decode_BadValues_GivesReason(string values, string expected)
    {
        using DecodedWindow window = new();
        DecodeResult result = Decoder().Decode(default, Utf8(Window(values: values)), 0, window);
        Assert.Equal(expected, result.Reason.Code());
    }

    [Theory]
    [InlineData("\"2026-11-22T11:59:00\"", "bad-timestamp")]
    [InlineData("\"yesterday\"", "bad-timestamp")]
    [InlineData("\"2026-13-45T11:59:00Z\"", "bad-timestamp")]
    [InlineData("1732273140000", "bad-timestamp")]
    [InlineData("\"2026-11-22T13:00:00Z\"", "timestamp-out-of-range")]
    [InlineData("\"2020-01-01T00:00:00Z\"", "timestamp-out-of-range")]
    [InlineData("\"9999-12-31T23:59:59Z\"", "timestamp-out-of-range")]
    public void Decode_BadStart_GivesReason(string start, string expected)
    {
        using DecodedWindow window = new();
        DecodeResult result = Decoder().Decode(default, Utf8(Window(start: start)), 0, window);
        Assert.Equal(expected, result.Reason.Code());
    }

    [Fact]
    public void Decode_StartWithOffset_IsConvertedToUtc()
    {
        using DecodedWindow window = new();
        DecodeResult result = Decoder().Decode(default, Utf8(Window(start: "\"2026-11-22T12:59:00+01:00\"")), 0, window);
        Assert.True(result.IsOk, result.Detail);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 11, 59, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), window.StartMs);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("\"1000\"")]
    [InlineData("99999999999999999999")]
    public void Decode_BadInterval_GivesBadInterval(string interval)
    {
        using DecodedWindow window = new();
        Assert.Equal(DeadLetterReason.BadInterval, Decoder().Decode(default, Utf8(Window(interval: interval)), 0, window).Reason);
    }

    [Theory]
    [InlineData("{\"start\":\"2026-11-22T11:59:00Z\",\"intervalMs\":1000,\"values\":[[1,2,3]]}")]
    [InlineData("{\"sensorId\":\"pump-1\",\"intervalMs\":1000,\"values\":[[1,2,3]]}")]
    [InlineData("{\"sensorId\":\"pump-1\",\"start\":\"2026-11-22T11:59:00Z\",\"values\":[[1,2,3]]}")]
    [InlineData("{\"sensorId\":\"pump-1\",\"start\":\"2026-11-22T11:59:00Z\",\"intervalMs\":1000}")]
    [InlineData("{\"sensorId\":\"\",\"start\":\"2026-11-22T11:59:00Z\",\"intervalMs\":1000,\"values\":[[1,2,3]]}")]
    public void Decode_MissingRequiredField_GivesMissingField(string payload)
    {
        using DecodedWindow window = new();
        Assert.Equal(DeadLetterReason.MissingField, Decoder().Decode(default, Utf8(payload), 0, window).Reason);
    }

    [Theory]
    [InlineData("[\"a\",\"b\"]", "wrong-feature-count")]
    [InlineData("[\"a\",\"c\",\"b\"]", "feature-mismatch")]
    [InlineData("[\"a\",\"b\",1]", "wrong-type")]
    [InlineData("\"a\"", "wrong-type")]
    public void Decode_BadFeatures_GivesReason(string features, string expected)
    {
        using DecodedWindow window = new();
        Assert.Equal(expected, Decoder().Decode(default, Utf8(Window(features: features)), 0, window).Reason.Code());
    }

    [Theory]
    [InlineData("\"pumpkin\"", "unknown-model")]
    [InlineData("\"other\"", "unknown-model")]
    public void Decode_UnknownModel_GivesUnknownModel(string sensorId, string expected)
    {
        using DecodedWindow window = new();
        string payload = Window(sensorId: sensorId);
        Assert.Equal(expected, Decoder().Decode(default, Utf8(payload), 0, window).Reason.Code());
        Assert.Equal(expected, Decoder().Decode(default, Utf8(Window(extra: "\"model\":\"nope\"")), 0, window).Reason.Code());
    }

    [Fact]
    public void Decode_DuplicateProperty_GivesDuplicateKey()
    {
        using DecodedWindow window = new();
        DecodeResult result = Decoder().Decode(default, Utf8(Window(extra: "\"sensorId\":\"pump-2\"")), 0, window);
        Assert.Equal(DeadLetterReason.DuplicateKey, result.Reason);
    }

    [Fact]
    public void Decode_KeyDiffersFromSensorId_GivesKeyMismatch()
    {
        using DecodedWindow window = new();
        Assert.Equal(DeadLetterReason.KeyMismatch, Decoder().Decode(Utf8("pump-2"), Utf8(Window()), 0, window).Reason);
    }

    [Fact]
    public void Decode_UnknownFieldsWithinDepth_AreSkipped()
    {
        using DecodedWindow window = new();
        DecodeResult result = Decoder().Decode(default, Utf8(Window(extra: "\"meta\":{\"site\":\"A\",\"tags\":[1,[2,{\"x\":null}]]}")), 0, window);
        Assert.True(result.IsOk, result.Detail);
    }

    [Fact]
    public void Decode_InvalidUtf8_GivesInvalidUtf8()
    {
        byte[] payload = Utf8(Window(sensorId: "\"pump-XX\""));
        int at = Encoding.UTF8.GetString(payload).IndexOf("XX", StringComparison.Ordinal);
        payload[at] = 0xC3;
        payload[at + 1] = 0x28;
        using DecodedWindow window = new();
        DecodeResult result = Decoder().Decode(default, payload, 0, window);
        Assert.Equal(DeadLetterReason.InvalidUtf8, result.Reason);
        Assert.Contains($"byte {at}", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Utf8Bom_IsAccepted()
    {
        using DecodedWindow window = new();
        byte[] payload = [0xEF, 0xBB, 0xBF, .. Utf8(Window())];
        Assert.True(Decoder().Decode(default, payload, 0, window).IsOk);
    }

    [Fact]
    public void Decode_SubnormalValue_IsFlushedByDefaultAndRefusedOnRequest()
    {
        string payload = Window(values: "[[1,2,3],[4,1e-40,6],[7,8,9],[1,1,1]]");
        using DecodedWindow window = new();
        Assert.True(Decoder().Decode(default, Utf8(payload), 0, window).IsOk);
        Assert.Equal(0f, window.Values[4]);

        MessageLimitsOptions refuse = Limits();
        refuse.Subnormals = SubnormalPolicy.Refuse;
        Assert.Equal(DeadLetterReason.SubnormalValue, Decoder(refuse).Decode(default, Utf8(payload), 0, window).Reason);
    }

    [Fact]
    public void Decode_MissingFractionAtTheLimit_IsAccepted()
    {
        // 12 values, 20% allowed = 2.4: two nulls pass, three fail.
        using DecodedWindow window = new();
        Assert.True(Decoder().Decode(default, Utf8(Window(values: "[[1,null,3],[4,5,6],[7,null,9],[1,1,1]]")), 0, window).IsOk);
        Assert.Equal(DeadLetterReason.TooManyMissing,
            Decoder().Decode(default, Utf8(Window(values: "[[1,null,3],[4,5,null],[7,null,9],[1,1,1]]")), 0, window).Reason);
    }
}
