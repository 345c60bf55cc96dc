using SensorWatch.Core.Synthetic;
using SensorWatch.Simulator;

namespace SensorWatch.IntegrationTests.Simulator;

public sealed class SimulatorOptionsTests
{
    [Fact]
    public void EffectiveRates_DefaultWindows_200PerSecondIs640TimesRealTime()
    {
        SimulatorOptions options = new() { BootstrapServers = "x:1" };

        Assert.Equal(200, options.EffectiveMessagesPerSecond);
        Assert.Equal(640, options.EffectiveTimeScale, 9);   // 200/s ÷ 20 sensors × 64 rows × 1 s
        Assert.Equal("sensor.windows", options.EffectiveTopic);
    }

    [Fact]
    public void EffectiveRates_RealTimeReadings_OneMessagePerSensorPerInterval()
    {
        SimulatorOptions options = new() { BootstrapServers = "x:1", Readings = true, TimeScale = 1, Sensors = 10, Interval = TimeSpan.FromMilliseconds(500) };

        Assert.Equal(20, options.EffectiveMessagesPerSecond, 9);
        Assert.Equal("sensor.readings", options.EffectiveTopic);
    }

    [Fact]
    public void Validate_RateAndTimeScaleAndBadValues_ListsEveryError()
    {
        SimulatorOptions options = new() { MessagesPerSecond = 10, TimeScale = 2, Sensors = 0, WindowLength = 8, Stride = 9, Interval = TimeSpan.FromTicks(5) };

        string errors = string.Join(" ", options.Validate());

        foreach (string expected in new[] { "--bootstrap", "not both", "--sensors", "--stride", "--interval" })
        {
            Assert.Contains(expected, errors, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void GeneratorOptions_FleetWideAnomalyPeriod_MapsToPerSensorRows()
    {
        SimulatorOptions options = new() { BootstrapServers = "x:1", Sensors = 10, AnomalyEvery = TimeSpan.FromSeconds(2), Warmup = TimeSpan.FromSeconds(3) };

        SyntheticSensorOptions generator = SensorSimulator.GeneratorOptions(options, timeScale: 100, DateTimeOffset.UnixEpoch);

        Assert.Equal(2000, generator.MeanGapRows);          // 2 s × 100 rows/s × 10 sensors
        Assert.Equal(300, generator.InitialNormalRows);     // 3 s × 100 rows/s
        Assert.Empty(generator.Validate());
    }

    [Fact]
    public void GeneratorOptions_NoAnomalies_TurnsInjectionOff()
    {
        SimulatorOptions options = new() { BootstrapServers = "x:1", AnomalyEvery = TimeSpan.Zero };

        Assert.Equal(0, SensorSimulator.GeneratorOptions(options, 640, DateTimeOffset.UnixEpoch).MeanGapRows);
    }
}
