using SensorWatch.Configuration;
using SensorWatch.Kafka.Messages;
using static SensorWatch.IntegrationTests.Messages.MessageTestKit;

namespace SensorWatch.IntegrationTests.Messages;

public sealed class ReadingDecoderTests
{
    private static ReadingDecoder Decoder() => new(Limits(), new FixedTimeProvider(Now));

    [Fact]
    public void Decode_GoodReading_FillsFields()
    {
        DecodedReading reading = new();
        DecodeResult result = Decoder().Decode(Utf8("pump-1"),
            Utf8("{\"sensorId\":\"pump-1\",\"ts\":\"2026-11-22T11:59:30.5Z\",\"values\":[1.5,null,3],\"model\":\"pump\",\"extra\":{\"a\":[1]}}"), 0, reading);

        Assert.True(result.IsOk, result.Detail);
        Assert.Equal("pump-1", reading.SensorId);
        Assert.Equal("pump", reading.RequestedModel);
        Assert.Equal(Now.AddSeconds(-29.5).ToUnixTimeMilliseconds(), reading.TimestampMs);
        Assert.Equal(3, reading.FeatureCount);
        Assert.Equal(1, reading.MissingCount);
        Assert.Equal(1.5f, reading.Values[0]);
        Assert.True(float.IsNaN(reading.Values[1]));
    }

    [Theory]
    [InlineData("{\"ts\":\"2026-11-22T11:59:30Z\",\"values\":[1]}", "missing-field")]
    [InlineData("{\"sensorId\":\"s\",\"values\":[1]}", "missing-field")]
    [InlineData("{\"sensorId\":\"s\",\"ts\":\"2026-11-22T11:59:30Z\"}", "missing-field")]
    [InlineData("{\"sensorId\":\"s\",\"ts\":\"2026-11-22T11:59:30Z\",\"values\":[]}", "empty-window")]
    [InlineData("{\"sensorId\":\"s\",\"ts\":\"2026-11-22T11:59:30Z\",\"values\":[null,null]}", "too-many-missing")]
    [InlineData("{\"sensorId\":\"s\",\"ts\":\"2026-11-22T11:59:30Z\",\"values\":[1,\"NaN\"]}", "non-finite-value")]
    [InlineData("{\"sensorId\":\"s\",\"ts\":\"2026-11-22T11:59:30Z\",\"values\":[1,Infinity]}", "non-finite-value")]
    [InlineData("{\"sensorId\":\"s\",\"ts\":\"2026-11-22T11:59:30Z\",\"values\":[1,1e300]}", "value-out-of-range")]
    [InlineData("{\"sensorId\":\"s\",\"ts\":\"2026-11-22T11:59:30Z\",\"values\":[1,2,3,4,5,6,7,8,9]}", "array-too-long")]
    [InlineData("{\"sensorId\":\"s\",\"ts\":\"2026-11-22T11:59:30Z\",\"values\":[[1]]}", "wrong-type")]
    [InlineData("{\"sensorId\":\"s\",\"ts\":\"noon\",\"values\":[1]}", "bad-timestamp")]
    [InlineData("{\"sensorId\":\"s\",\"ts\":\"2027-11-22T11:59:30Z\",\"values\":[1]}", "timestamp-out-of-range")]
    [InlineData("{\"sensorId\":\"s\",\"sensorId\":\"t\",\"ts\":\"2026-11-22T11:59:30Z\",\"values\":[1]}", "duplicate-key")]
    [InlineData("{\"sensorId\":\"s\",\"ts\":\"2026-11-22T11:59:30Z\",\"values\":[1]", "malformed-json")]
    public void Decode_BadReading_GivesReason(string payload, string expected)
    {
        DecodedReading reading = new();
        Assert.Equal(expected, Decoder().Decode(default, Utf8(payload), 0, reading).Reason.Code());
    }

    [Fact]
    public void Decode_KeyMismatchAndHugeKey_GiveTheirReasons()
    {
        DecodedReading reading = new();
        byte[] payload = Utf8("{\"sensorId\":\"s\",\"ts\":\"2026-11-22T11:59:30Z\",\"values\":[1]}");
        Assert.Equal(DeadLetterReason.KeyMismatch, Decoder().Decode(Utf8("t"), payload, 0, reading).Reason);
        Assert.Equal(DeadLetterReason.OversizedKey, Decoder().Decode(new byte[100_000], payload, 0, reading).Reason);
        Assert.True(Decoder().Decode(Utf8("s"), payload, 0, reading).IsOk);
    }

    [Fact]
    public void Decode_HostileShapes_StopAtTheCaps()
    {
        DecodedReading reading = new();
        string big = "{\"sensorId\":\"s\",\"ts\":\"2026-11-22T11:59:30Z\",\"values\":[" + string.Join(',', Enumerable.Repeat("1", 100_000)) + "]}";
        string deep = "{\"sensorId\":\"s\",\"x\":" + new string('[', 10_000) + new string(']', 10_000) + "}";
        MessageLimitsOptions limits = Limits();
        limits.MaxPayloadBytes = 1024 * 1024;
        ReadingDecoder decoder = new(limits, new FixedTimeProvider(Now));

        Assert.Equal(DeadLetterReason.ArrayTooLong, decoder.Decode(default, Utf8(big), 0, reading).Reason);
        Assert.Equal(DeadLetterReason.TooDeep, decoder.Decode(default, Utf8(deep), 0, reading).Reason);
        Assert.Equal(DeadLetterReason.InvalidUtf8, decoder.Decode(default, [(byte)'{', 0xFF, (byte)'}'], 0, reading).Reason);
    }
}
