using System.Text;
using SensorWatch.Configuration;
using SensorWatch.Kafka.Messages;
using static SensorWatch.IntegrationTests.Messages.MessageTestKit;

namespace SensorWatch.IntegrationTests.Messages;

/// <summary>Reliability scenario 12: hostile shapes each stop at a cap with their own reason; good messages around them pass.</summary>
public sealed class HostileWindowTests
{
    [Fact]
    public void Decode_HundredThousandElementRow_GivesArrayTooLong()
    {
        string row = "[" + string.Join(',', Enumerable.Repeat("1", 100_000)) + "]";
        AssertReasonThenGoodStillDecodes(Window(values: "[" + row + "]"), "array-too-long", payloadCap: 1024 * 1024);
    }

    [Fact]
    public void Decode_HundredThousandRows_GivesArrayTooLong()
    {
        string rows = "[" + string.Join(',', Enumerable.Repeat("[1,2,3]", 100_000)) + "]";
        AssertReasonThenGoodStillDecodes(Window(values: rows), "array-too-long", payloadCap: 2 * 1024 * 1024);
    }

    [Fact]
    public void Decode_HundredThousandFeatureNames_GivesArrayTooLong()
    {
        string names = "[" + string.Join(',', Enumerable.Repeat("\"a\"", 100_000)) + "]";
        AssertReasonThenGoodStillDecodes(Window(features: names), "array-too-long", payloadCap: 1024 * 1024);
    }

    [Fact]
    public void Decode_NestedTenThousandDeepInUnknownField_GivesTooDeep()
    {
        string deep = new string('[', 10_000) + new string(']', 10_000);
        AssertReasonThenGoodStillDecodes(Window(extra: "\"junk\":" + deep), "too-deep", payloadCap: 1024 * 1024);
    }

    [Fact]
    public void Decode_NestedTenThousandDeepObjects_GivesTooDeep()
    {
        StringBuilder builder = new();
        for (int i = 0; i < 10_000; i++)
        {
            builder.Append("{\"a\":");
        }

        builder.Append('1').Append('}', 10_000);
        AssertReasonThenGoodStillDecodes(builder.ToString(), "too-deep", payloadCap: 1024 * 1024);
    }

    [Fact]
    public void Decode_NestedTenThousandDeepUnclosed_GivesTooDeep()
    {
        AssertReasonThenGoodStillDecodes("{\"x\":" + new string('[', 10_000), "too-deep", payloadCap: 1024 * 1024);
    }

    [Fact]
    public void Decode_NestedArraysInsideValues_GivesTooDeepOrWrongType()
    {
        string deep = "[[" + new string('[', 10_000) + new string(']', 10_000) + "]]";
        using DecodedWindow window = new();
        DecodeResult result = Decoder(LimitsWithCap(1024 * 1024)).Decode(default, Utf8(Window(values: deep)), 0, window);
        Assert.Contains(result.Reason, new[] { DeadLetterReason.TooDeep, DeadLetterReason.WrongType });
    }

    [Fact]
    public void Decode_PayloadAboveCap_GivesOversizedPayloadWithoutParsing()
    {
        byte[] payload = new byte[Limits().MaxPayloadBytes + 1];
        Array.Fill(payload, (byte)'{');
        using DecodedWindow window = new();
        Assert.Equal(DeadLetterReason.OversizedPayload, Decoder().Decode(default, payload, 0, window).Reason);
        Assert.True(Decoder().Decode(default, Utf8(Window()), 0, window).IsOk);
    }

    [Fact]
    public void Decode_HugeKey_GivesOversizedKey()
    {
        byte[] key = new byte[1_000_000];
        using DecodedWindow window = new();
        Assert.Equal(DeadLetterReason.OversizedKey, Decoder().Decode(key, Utf8(Window()), 0, window).Reason);
    }

    [Fact]
    public void Decode_HugeHeaders_GivesOversizedHeaders()
    {
        KeyValuePair<string, byte[]?>[] headers = [new("traceparent", new byte[10]), new("junk", new byte[5_000_000])];
        using DecodedWindow window = new();
        DecodeResult result = Decoder().Decode(default, Utf8(Window()), MessageEnvelope.HeaderBytes(headers), window);
        Assert.Equal(DeadLetterReason.OversizedHeaders, result.Reason);
    }

    [Fact]
    public void Decode_HugeSensorId_GivesStringTooLong()
    {
        AssertReasonThenGoodStillDecodes(Window(sensorId: "\"" + new string('p', 500_000) + "\""), "string-too-long", payloadCap: 1024 * 1024);
    }

    [Fact]
    public void Decode_HugePropertyName_GivesStringTooLong()
    {
        AssertReasonThenGoodStillDecodes(Window(extra: "\"" + new string('k', 500_000) + "\":1"), "string-too-long", payloadCap: 1024 * 1024);
    }

    [Fact]
    public void Decode_RandomCorruptions_NeverThrow()
    {
        // Seeded mutation fuzz: flip, drop and duplicate bytes of a good window; every result must be a reason or OK.
        Random random = new(20261124);
        byte[] good = Utf8(Window(values: "[[1,null,3],[4,5,6],[7,8,9],[1,1,1]]", extra: "\"meta\":{\"k\":[1,2]}"));
        WindowDecoder decoder = Decoder();
        using DecodedWindow window = new();
        for (int i = 0; i < 5_000; i++)
        {
            byte[] bad = (byte[])good.Clone();
            int edits = random.Next(1, 4);
            for (int e = 0; e < edits; e++)
            {
                bad[random.Next(bad.Length)] = (byte)random.Next(256);
            }

            byte[] cut = bad[..random.Next(1, bad.Length + 1)];
            Exception? thrown = Record.Exception(() => decoder.Decode(default, cut, 0, window));
            Assert.True(thrown is null, $"iteration {i} (seed 20261124) threw {thrown}");
        }

        Assert.True(decoder.Decode(default, good, 0, window).IsOk);
    }

    private static MessageLimitsOptions LimitsWithCap(int cap)
    {
        MessageLimitsOptions limits = Limits();
        limits.MaxPayloadBytes = cap;
        return limits;
    }

    private static void AssertReasonThenGoodStillDecodes(string payload, string expected, int payloadCap)
    {
        WindowDecoder decoder = Decoder(LimitsWithCap(payloadCap));
        using DecodedWindow window = new();
        Assert.True(decoder.Decode(default, Utf8(Window()), 0, window).IsOk);
        DecodeResult result = decoder.Decode(default, Utf8(payload), 0, window);
        Assert.Equal(expected, result.Reason.Code());
        Assert.True(result.Detail.Length <= DecodeResult.MaxDetailLength);
        DecodeResult after = decoder.Decode(default, Utf8(Window()), 0, window);
        Assert.True(after.IsOk, after.Detail);
        Assert.Equal(12, window.Values.Length);
    }
}
