using SensorWatch.Core.Retraining;
using SensorWatch.Roles.Trainer;

namespace SensorWatch.IntegrationTests.Trainer;

public sealed class RecentWindowsTests
{
    [Fact]
    public void Find_ByStartOnly_ReturnsTheWindowStartingThere()
    {
        RecentWindows recent = new();
        for (int i = 0; i < 5; i++)
        {
            recent.Add("m", Window("s-1", i));
        }

        (string key, SampleWindow window) = Assert.Single(recent.Find("s-1", 2000, null));

        Assert.Equal(("m", 2000L), (key, window.StartMs));
        Assert.Empty(recent.Find("s-2", 2000, null));
    }

    [Fact]
    public void Find_WithEnd_ReturnsTheWindowsLyingInside()
    {
        RecentWindows recent = new();
        for (int i = 0; i < 6; i++)
        {
            recent.Add("m", Window("s-1", i));
        }

        Assert.Equal([1000L, 2000L, 3000L], recent.Find("s-1", 1000, 4999).Select(w => w.Window.StartMs));
    }

    [Fact]
    public void FindAlert_OpenedAfterAnAnomalousRunThenResolved_ReturnsTheRunToTheResolvingWindow()
    {
        RecentWindows recent = new();
        bool[] anomalous = [false, false, true, true, true, false, false];
        for (int i = 0; i < anomalous.Length; i++)
        {
            recent.Add("m", Window("s-1", i, anomalous[i]));
            if (i == 3)
            {
                recent.Alert("a-1", "s-1", "m", 3000, 4999);   // opened by the 2nd anomalous window in a row
            }
        }

        recent.Alert("a-1", "s-1", "m", 6000, 7999);           // resolved by window 6

        Assert.Equal([2000L, 3000L, 4000L, 5000L, 6000L], recent.FindAlert("a-1").Select(w => w.Window.StartMs));
        Assert.Empty(recent.FindAlert("unknown"));
    }

    [Fact]
    public void Add_BeyondThePerSensorAndSensorBounds_EvictsTheOldest()
    {
        RecentWindows recent = new();
        for (int i = 0; i < RecentWindows.PerSensor + 3; i++)
        {
            recent.Add("m", Window("s-0", i));
        }

        for (int s = 1; s < RecentWindows.MaxSensors + 1; s++)
        {
            recent.Add("m", Window($"s-{s}", 0));
        }

        Assert.Equal(RecentWindows.MaxSensors, recent.Sensors);
        Assert.Null(recent.ModelKeyOf("s-0"));                // the sensor seen first went
        Assert.Equal("m", recent.ModelKeyOf($"s-{RecentWindows.MaxSensors}"));
    }

    [Fact]
    public void Add_ManyWindowsOfOneSensor_KeepsOnlyTheLast()
    {
        RecentWindows recent = new();
        for (int i = 0; i < RecentWindows.PerSensor + 3; i++)
        {
            recent.Add("m", Window("s-0", i));
        }

        Assert.Empty(recent.Find("s-0", 0, null));
        Assert.Equal(RecentWindows.PerSensor, recent.Find("s-0", 0, long.MaxValue).Count);
    }

    private static SampleWindow Window(string sensorId, int index, bool anomalous = false) =>
        new(sensorId, index * 1000L, (index * 1000L) + 1999, [1f, 2f], anomalous ? 9 : 1, anomalous);
}
