using SensorWatch.Kafka.Messages;
using static SensorWatch.IntegrationTests.Messages.MessageTestKit;

namespace SensorWatch.IntegrationTests.Messages;

public sealed class FeedbackDecoderTests
{
    [Fact]
    public void Decode_FalsePositiveByAlertId_IsAccepted()
    {
        DecodeResult result = new FeedbackDecoder(Limits()).Decode(default, Utf8("{\"alertId\":\"abc\",\"verdict\":\"false-positive\",\"note\":\"valve test\"}"), 0, out FeedbackMessage? message);

        Assert.True(result.IsOk, result.Detail);
        Assert.Equal(new FeedbackMessage(FeedbackVerdict.FalsePositive, "abc", null, null, null, null, "valve test"), message);
    }

    [Fact]
    public void Decode_ConfirmedBySensorAndWindow_IsAccepted()
    {
        DecodeResult result = new FeedbackDecoder(Limits()).Decode(default,
            Utf8("{\"sensorId\":\"pump-1\",\"windowStart\":\"2026-11-22T10:00:00Z\",\"windowEnd\":\"2026-11-22T10:01:00Z\",\"verdict\":\"confirmed\"}"), 0, out FeedbackMessage? message);

        Assert.True(result.IsOk, result.Detail);
        Assert.Equal(FeedbackVerdict.Confirmed, message!.Verdict);
        Assert.Equal("pump-1", message.SensorId);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), message.WindowStartMs);
        Assert.Equal(message.WindowStartMs + 60_000, message.WindowEndMs);
    }

    [Theory]
    [InlineData("maintenance-start", "MaintenanceStart")]
    [InlineData("maintenance-end", "MaintenanceEnd")]
    public void Decode_MaintenanceVerdicts_NeedOnlyTheSensor(string verdict, string expected)
    {
        DecodeResult result = new FeedbackDecoder(Limits()).Decode(default, Utf8($"{{\"sensorId\":\"pump-1\",\"verdict\":\"{verdict}\"}}"), 0, out FeedbackMessage? message);
        Assert.True(result.IsOk, result.Detail);
        Assert.Equal(expected, message!.Verdict.ToString());
    }

    [Theory]
    [InlineData("{\"alertId\":\"a\",\"verdict\":\"meh\"}", "bad-verdict")]
    [InlineData("{\"alertId\":\"a\"}", "missing-field")]
    [InlineData("{\"verdict\":\"false-positive\"}", "missing-field")]
    [InlineData("{\"sensorId\":\"s\",\"verdict\":\"false-positive\"}", "missing-field")]
    [InlineData("{\"verdict\":\"maintenance-start\",\"alertId\":\"a\"}", "missing-field")]
    [InlineData("{\"sensorId\":\"s\",\"windowStart\":\"2026-11-22T10:01:00Z\",\"windowEnd\":\"2026-11-22T10:00:00Z\",\"verdict\":\"confirmed\"}", "bad-timestamp")]
    [InlineData("{\"alertId\":\"a\",\"alertId\":\"b\",\"verdict\":\"confirmed\"}", "duplicate-key")]
    [InlineData("{\"alertId\":5,\"verdict\":\"confirmed\"}", "wrong-type")]
    [InlineData("{\"alertId\":\"a\",\"verdict\":\"confirmed\"", "malformed-json")]
    public void Decode_BadFeedback_GivesReason(string payload, string expected)
    {
        DecodeResult result = new FeedbackDecoder(Limits()).Decode(default, Utf8(payload), 0, out FeedbackMessage? message);
        Assert.Equal(expected, result.Reason.Code());
        Assert.Null(message);
    }
}
