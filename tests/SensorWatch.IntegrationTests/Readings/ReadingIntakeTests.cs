using System.Globalization;
using SensorWatch.Configuration;
using SensorWatch.Kafka.Messages;
using SensorWatch.Kafka.Readings;
using SensorWatch.IntegrationTests.Messages;
using static SensorWatch.IntegrationTests.Messages.MessageTestKit;

namespace SensorWatch.IntegrationTests.Readings;

public sealed class ReadingIntakeTests
{
    private static ReadingIntake Intake(int windowLength = 4, int stride = 4)
    {
        MessageLimitsOptions limits = Limits();
        FixedTimeProvider time = new(Now);
        return new ReadingIntake(new ReadingDecoder(limits, time),
            new ReadingWindowAssembler(new ReadingsOptions { WindowLength = windowLength, Stride = stride, MaxSensors = 100 }),
            new WindowDecoder(limits, Catalog(), time));
    }

    private static byte[] Reading(string sensorId, int second, string values) => Utf8(
        "{\"sensorId\":\"" + sensorId + "\",\"ts\":\"2026-11-22T11:59:" + second.ToString("00", CultureInfo.InvariantCulture) + "Z\",\"values\":" + values + "}");

    [Fact]
    public void Add_FourGoodReadings_YieldsAValidatedWindowForTheModel()
    {
        ReadingIntake intake = Intake();
        using DecodedWindow window = new();
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(ReadingIntakeStatus.Buffered, intake.Add(default, Reading("pump-1", i, "[1,2,3]"), 0, window).Status);
        }

        ReadingIntakeResult result = intake.Add(default, Reading("pump-1", 3, "[4,5,6]"), 0, window);

        Assert.Equal(ReadingIntakeStatus.WindowReady, result.Status);
        Assert.Equal("pump", window.ModelKey);
        Assert.Equal(4, window.Length);
        Assert.Equal(1000, window.IntervalMs);
        Assert.Equal(6f, window.Values[11]);
    }

    [Fact]
    public void Add_BadReading_IsDeadLetteredAndNotBuffered()
    {
        ReadingIntake intake = Intake();
        using DecodedWindow window = new();
        ReadingIntakeResult result = intake.Add(default, Reading("pump-1", 0, "[1,\"NaN\",3]"), 0, window);

        Assert.Equal(ReadingIntakeStatus.DeadLetter, result.Status);
        Assert.Equal(DeadLetterReason.NonFiniteValue, result.Result.Reason);
        Assert.Equal(0, intake.Assembler.SensorCount);
    }

    [Fact]
    public void Add_CompletedWindowWithTooManyGaps_IsRefusedWithItsReason()
    {
        ReadingIntake intake = Intake();
        using DecodedWindow window = new();
        intake.Add(default, Reading("pump-1", 0, "[1,null,null]"), 0, window);
        intake.Add(default, Reading("pump-1", 1, "[1,null,3]"), 0, window);
        intake.Add(default, Reading("pump-1", 2, "[1,2,3]"), 0, window);
        ReadingIntakeResult result = intake.Add(default, Reading("pump-1", 3, "[1,2,3]"), 0, window);

        Assert.Equal(ReadingIntakeStatus.WindowRefused, result.Status);
        Assert.Equal(DeadLetterReason.TooManyMissing, result.Result.Reason);
        Assert.StartsWith("assembled window:", result.Result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_WindowOfWrongLengthForTheModel_IsRefused()
    {
        ReadingIntake intake = Intake(windowLength: 2, stride: 2);
        using DecodedWindow window = new();
        intake.Add(default, Reading("pump-1", 0, "[1,2,3]"), 0, window);
        Assert.Equal(DeadLetterReason.WrongWindowLength, intake.Add(default, Reading("pump-1", 1, "[1,2,3]"), 0, window).Result.Reason);
    }

    [Fact]
    public void Add_LateReading_IsDroppedNotDeadLettered()
    {
        ReadingIntake intake = Intake(windowLength: 2, stride: 2);
        using DecodedWindow window = new();
        intake.Add(default, Reading("new-1", 10, "[1]"), 0, window);
        Assert.Equal(ReadingIntakeStatus.WindowReady, intake.Add(default, Reading("new-1", 11, "[2]"), 0, window).Status);
        Assert.Equal(ReadingIntakeStatus.Dropped, intake.Add(default, Reading("new-1", 5, "[3]"), 0, window).Status);
        Assert.Equal(1, intake.Assembler.Count(ReadingOutcome.DroppedTooOld));
    }
}
