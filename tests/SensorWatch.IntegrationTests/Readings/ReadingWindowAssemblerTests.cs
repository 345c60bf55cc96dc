using SensorWatch.Configuration;
using SensorWatch.Kafka.Messages;
using SensorWatch.Kafka.Readings;

namespace SensorWatch.IntegrationTests.Readings;

public sealed class ReadingWindowAssemblerTests
{
    [Fact]
    public void Add_TReadings_EmitsWindowThenSlidesByStride()
    {
        ReadingWindowAssembler assembler = new(new ReadingsOptions { WindowLength = 4, Stride = 2, MaxSensors = 10 });
        using DecodedWindow window = new();
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(ReadingOutcome.Buffered, assembler.Add("s", null, i * 1000, [i, -i], window));
        }

        Assert.Equal(ReadingOutcome.WindowReady, assembler.Add("s", "pump", 3000, [3, -3], window));
        Assert.Equal("s", window.SensorId);
        Assert.Equal("pump", window.RequestedModel);
        Assert.Equal(0, window.StartMs);
        Assert.Equal(1000, window.IntervalMs);
        Assert.Equal(4000, window.EndMs);
        Assert.Equal(4, window.Length);
        Assert.Equal(2, window.FeatureCount);
        Assert.Equal([0f, -0f, 1, -1, 2, -2, 3, -3], window.Values.ToArray());

        Assert.Equal(ReadingOutcome.Buffered, assembler.Add("s", null, 4000, [4, -4], window));
        Assert.Equal(ReadingOutcome.WindowReady, assembler.Add("s", null, 5000, [5, -5], window));
        Assert.Equal(2000, window.StartMs);
        Assert.Equal([2f, -2, 3, -3, 4, -4, 5, -5], window.Values.ToArray());
    }

    [Fact]
    public void Add_GapInsideWindow_IntervalIsTheMedianSpacingAndEndsKeepIncreasing()
    {
        // a sensor's open window replayed after a restart (readings at 0 and 1 s), then its next readings an hour later
        ReadingWindowAssembler assembler = new(new ReadingsOptions { WindowLength = 4, Stride = 2, MaxSensors = 10 });
        using DecodedWindow window = new();
        const long hour = 3_600_000;
        assembler.Add("s", null, 0, [0], window);
        assembler.Add("s", null, 1000, [1], window);
        assembler.Add("s", null, hour, [2], window);
        Assert.Equal(ReadingOutcome.WindowReady, assembler.Add("s", null, hour + 1000, [3], window));
        Assert.Equal(0, window.StartMs);
        Assert.Equal(1000, window.IntervalMs);              // the mean spacing would be 1,200,333 ms
        Assert.Equal(hour + 2000, window.EndMs);             // last reading + one step, not ~20 min past it
        long firstEnd = window.EndMs;

        assembler.Add("s", null, hour + 2000, [4], window);
        Assert.Equal(ReadingOutcome.WindowReady, assembler.Add("s", null, hour + 3000, [5], window));
        Assert.Equal(hour + 4000, window.EndMs);
        Assert.True(window.EndMs > firstEnd, "the next window must end after the gap window (the alert replay guard ignores windows ending earlier)");
    }

    [Fact]
    public void Add_EvenSpacing_EndIsStartPlusTIntervals()
    {
        ReadingWindowAssembler assembler = new(new ReadingsOptions { WindowLength = 5, Stride = 5, MaxSensors = 10 });
        using DecodedWindow window = new();
        for (int i = 0; i < 5; i++)
        {
            assembler.Add("s", null, 10_000 + (i * 250), [i], window);
        }

        Assert.Equal(250, window.IntervalMs);
        Assert.Equal(window.StartMs + (5 * 250), window.EndMs);
    }

    [Fact]
    public void Add_OutOfOrderWithinWindow_IsInsertedInTimeOrder()
    {
        ReadingWindowAssembler assembler = new(new ReadingsOptions { WindowLength = 3, Stride = 3, MaxSensors = 10 });
        using DecodedWindow window = new();
        assembler.Add("s", null, 2000, [2], window);
        assembler.Add("s", null, 0, [0], window);
        Assert.Equal(ReadingOutcome.WindowReady, assembler.Add("s", null, 1000, [1], window));
        Assert.Equal([0f, 1, 2], window.Values.ToArray());
        Assert.Equal(0, window.StartMs);
    }

    [Fact]
    public void Add_DuplicateTimestamp_LastWriteWins()
    {
        ReadingWindowAssembler assembler = new(new ReadingsOptions { WindowLength = 2, Stride = 2, MaxSensors = 10 });
        using DecodedWindow window = new();
        assembler.Add("s", null, 0, [1], window);
        Assert.Equal(ReadingOutcome.Replaced, assembler.Add("s", null, 0, [9], window));
        Assert.Equal(ReadingOutcome.WindowReady, assembler.Add("s", null, 500, [2], window));
        Assert.Equal([9f, 2], window.Values.ToArray());
        Assert.Equal(500, window.IntervalMs);
        Assert.Equal(1, assembler.Count(ReadingOutcome.Replaced));
    }

    [Fact]
    public void Add_ReadingOlderThanOpenWindow_IsDroppedAndCounted()
    {
        ReadingWindowAssembler assembler = new(new ReadingsOptions { WindowLength = 2, Stride = 1, MaxSensors = 10 });
        using DecodedWindow window = new();
        assembler.Add("s", null, 0, [0], window);
        assembler.Add("s", null, 1000, [1], window);
        Assert.Equal(ReadingOutcome.DroppedTooOld, assembler.Add("s", null, 500, [9], window));
        Assert.Equal(ReadingOutcome.DroppedTooOld, assembler.Add("s", null, 0, [9], window));
        Assert.Equal(ReadingOutcome.Replaced, assembler.Add("s", null, 1000, [7], window));
        Assert.Equal(ReadingOutcome.WindowReady, assembler.Add("s", null, 2000, [2], window));
        Assert.Equal([7f, 2], window.Values.ToArray());
        Assert.Equal(2, assembler.Count(ReadingOutcome.DroppedTooOld));
    }

    [Fact]
    public void Add_TumblingWindow_DropsReadingsOfTheEmittedWindow()
    {
        ReadingWindowAssembler assembler = new(new ReadingsOptions { WindowLength = 2, Stride = 2, MaxSensors = 10 });
        using DecodedWindow window = new();
        assembler.Add("s", null, 0, [0], window);
        assembler.Add("s", null, 1000, [1], window);
        Assert.Equal(ReadingOutcome.DroppedTooOld, assembler.Add("s", null, 1000, [1], window));
        Assert.Equal(ReadingOutcome.Buffered, assembler.Add("s", null, 1001, [1], window));
    }

    [Fact]
    public void Add_FeatureCountChanges_RestartsTheWindow()
    {
        ReadingWindowAssembler assembler = new(new ReadingsOptions { WindowLength = 2, Stride = 2, MaxSensors = 10 });
        using DecodedWindow window = new();
        assembler.Add("s", null, 0, [0, 0], window);
        Assert.Equal(ReadingOutcome.Restarted, assembler.Add("s", null, 1000, [1, 1, 1], window));
        Assert.Equal(ReadingOutcome.WindowReady, assembler.Add("s", null, 2000, [2, 2, 2], window));
        Assert.Equal(3, window.FeatureCount);
        Assert.Equal(1000, window.StartMs);
    }

    [Fact]
    public void Add_MissingValues_AreCountedInTheWindow()
    {
        ReadingWindowAssembler assembler = new(new ReadingsOptions { WindowLength = 2, Stride = 2, MaxSensors = 10 });
        using DecodedWindow window = new();
        assembler.Add("s", null, 0, [float.NaN, 1], window);
        assembler.Add("s", null, 10, [2, float.NaN], window);
        Assert.Equal(2, window.MissingCount);
    }

    [Fact]
    public void Add_MoreSensorsThanTheCap_EvictsTheLeastRecentlyUpdated()
    {
        ReadingWindowAssembler assembler = new(new ReadingsOptions { WindowLength = 2, Stride = 2, MaxSensors = 2 });
        using DecodedWindow window = new();
        assembler.Add("a", null, 0, [1], window);
        assembler.Add("b", null, 0, [1], window);
        assembler.Add("a", null, 5, [1], window);   // a completes and stays most recent
        assembler.Add("a", null, 6, [1], window);
        assembler.Add("c", null, 0, [1], window);   // evicts b

        Assert.Equal(2, assembler.SensorCount);
        Assert.Equal(1, assembler.Evictions);
        Assert.Equal(ReadingOutcome.Buffered, assembler.Add("b", null, 100, [1], window)); // b starts over (evicts a)
        Assert.Equal(ReadingOutcome.WindowReady, assembler.Add("c", null, 100, [1], window));
    }

    [Fact]
    public void Add_ManySensorsSeeded_MemoryStaysAtTheCap()
    {
        ReadingWindowAssembler assembler = new(new ReadingsOptions { WindowLength = 8, Stride = 4, MaxSensors = 100 });
        using DecodedWindow window = new();
        Random random = new(7);
        int windows = 0;
        for (int i = 0; i < 20_000; i++)
        {
            if (assembler.Add($"sensor-{random.Next(150)}", null, i, [i], window) == ReadingOutcome.WindowReady)
            {
                windows++;
                Assert.True(window.Values.ToArray().Zip(window.Values.ToArray().Skip(1)).All(p => p.First < p.Second), "window not in time order");
            }
        }

        Assert.Equal(100, assembler.SensorCount);
        Assert.True(assembler.Evictions > 0);
        Assert.True(windows > 0);
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryError()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new ReadingWindowAssembler(new ReadingsOptions { WindowLength = 0, Stride = 5, MaxSensors = 0 }));
        Assert.Contains("WindowLength", error.Message, StringComparison.Ordinal);
        Assert.Contains("Stride", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxSensors", error.Message, StringComparison.Ordinal);
    }
}
