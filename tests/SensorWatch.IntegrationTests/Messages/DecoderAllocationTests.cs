using SensorWatch.Kafka.Messages;
using static SensorWatch.IntegrationTests.Messages.MessageTestKit;

namespace SensorWatch.IntegrationTests.Messages;

/// <summary>The decode hot path allocates nothing once strings are cached and the value buffer has grown.</summary>
public sealed class DecoderAllocationTests
{
    [Fact]
    public void Decode_RepeatedGoodWindow_AllocatesNothingAfterWarmUp()
    {
        WindowDecoder decoder = Decoder();
        using DecodedWindow window = new();
        byte[] key = Utf8("pump-1");
        byte[] payload = Utf8(Window(values: "[[1,2,3],[4,null,6],[7,8,9],[10,11,12.5]]", extra: "\"meta\":{\"a\":[1,2]}"));
        Assert.True(decoder.Decode(key, payload, 40, window).IsOk);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            decoder.Decode(key, payload, 40, window);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Decode_RepeatedGoodReading_AllocatesNothingAfterWarmUp()
    {
        ReadingDecoder decoder = new(Limits(), new FixedTimeProvider(Now));
        DecodedReading reading = new();
        byte[] payload = Utf8("{\"sensorId\":\"pump-1\",\"ts\":\"2026-11-22T11:59:30Z\",\"values\":[1.5,null,3]}");
        Assert.True(decoder.Decode(default, payload, 0, reading).IsOk);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            decoder.Decode(default, payload, 0, reading);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
