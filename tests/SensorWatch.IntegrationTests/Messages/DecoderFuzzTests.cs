using SensorWatch.Kafka.Messages;
using static SensorWatch.IntegrationTests.Messages.MessageTestKit;

namespace SensorWatch.IntegrationTests.Messages;

/// <summary>Seeded mutation fuzz of the reading and feedback decoders: any bytes give a reason or OK, never an exception.</summary>
public sealed class DecoderFuzzTests
{
    private const int Seed = 20261124;

    [Fact]
    public void ReadingDecoder_RandomCorruptions_NeverThrow()
    {
        ReadingDecoder decoder = new(Limits(), new FixedTimeProvider(Now));
        DecodedReading reading = new();
        byte[] good = Utf8("{\"sensorId\":\"pump-1\",\"ts\":\"2026-11-22T11:59:30Z\",\"values\":[1.5,null,3],\"x\":{\"y\":[1]}}");
        Fuzz(good, bytes => decoder.Decode(default, bytes, 0, reading));
        Assert.True(decoder.Decode(default, good, 0, reading).IsOk);
    }

    [Fact]
    public void FeedbackDecoder_RandomCorruptions_NeverThrow()
    {
        FeedbackDecoder decoder = new(Limits());
        byte[] good = Utf8("{\"sensorId\":\"pump-1\",\"windowStart\":\"2026-11-22T10:00:00Z\",\"verdict\":\"false-positive\",\"note\":\"ok\"}");
        Fuzz(good, bytes => decoder.Decode(default, bytes, 0, out _));
        Assert.True(decoder.Decode(default, good, 0, out _).IsOk);
    }

    private static void Fuzz(byte[] good, Func<byte[], DecodeResult> decode)
    {
        Random random = new(Seed);
        for (int i = 0; i < 3_000; i++)
        {
            byte[] bad = (byte[])good.Clone();
            for (int e = random.Next(1, 4); e > 0; e--)
            {
                bad[random.Next(bad.Length)] = (byte)random.Next(256);
            }

            byte[] cut = bad[..random.Next(1, bad.Length + 1)];
            Exception? thrown = Record.Exception(() => decode(cut));
            Assert.True(thrown is null, $"iteration {i} (seed {Seed}) threw {thrown}");
        }
    }
}
