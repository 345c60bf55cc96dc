using SensorWatch.Simulator;

namespace SensorWatch.IntegrationTests.Simulator;

public sealed class SimulatorValueParserTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("5m", 300)]
    [InlineData("1h30m", 5400)]
    [InlineData("250ms", 0.25)]
    [InlineData("2d", 172800)]
    [InlineData("1.5s", 1.5)]
    [InlineData("42", 42)]
    [InlineData("00:01:30", 90)]
    [InlineData("0", 0)]
    public void ParseDuration_ValidForms_ReturnsSeconds(string text, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), SimulatorValueParser.ParseDuration(text, "--duration"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("5 parsecs")]
    [InlineData("m5")]
    [InlineData("-3s")]
    [InlineData("5x")]
    public void ParseDuration_InvalidForms_ThrowNamingTheOption(string text)
    {
        FormatException error = Assert.Throws<FormatException>(() => SimulatorValueParser.ParseDuration(text, "--duration"));

        Assert.Contains("--duration", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("200/s", 200)]
    [InlineData("200", 200)]
    [InlineData("12000/min", 200)]
    [InlineData("1.5k/s", 1500)]
    [InlineData("36/h", 0.01)]
    public void ParseRate_ValidForms_ReturnsPerSecond(string text, double perSecond)
    {
        Assert.Equal(perSecond, SimulatorValueParser.ParseRate(text, "--rate"), 9);
    }

    [Theory]
    [InlineData("0/s")]
    [InlineData("fast")]
    [InlineData("200/fortnight")]
    [InlineData("-5")]
    public void ParseRate_InvalidForms_Throw(string text)
    {
        Assert.Throws<FormatException>(() => SimulatorValueParser.ParseRate(text, "--rate"));
    }
}
