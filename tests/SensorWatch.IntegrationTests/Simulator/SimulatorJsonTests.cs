using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SensorWatch.Core.Synthetic;
using SensorWatch.Simulator;

namespace SensorWatch.IntegrationTests.Simulator;

public sealed class SimulatorJsonTests
{
    [Theory]
    [InlineData(20.32f, "20.32")]
    [InlineData(1361f, "1361")]
    [InlineData(-0.00004f, "0")]
    [InlineData(-0.5f, "-0.5")]
    [InlineData(0.00006f, "0.0001")]
    [InlineData(2753.80029f, "2753.8003")]
    public void FormatFixed4_Examples_PlainDecimalWithoutTrailingZeros(float value, string expected)
    {
        byte[] text = new byte[32];

        int length = SimulatorJson.FormatFixed4(value, text);

        Assert.Equal(expected, Encoding.ASCII.GetString(text, 0, length));
    }

    [Fact]
    public void FormatFixed4_RandomValuesOverManyMagnitudes_ParseBackToTheRoundedDouble()
    {
        Random random = new(5);
        byte[] text = new byte[32];
        for (int i = 0; i < 20_000; i++)
        {
            float value = (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-6, 12)));

            int length = SimulatorJson.FormatFixed4(value, text);

            double parsed = double.Parse(Encoding.ASCII.GetString(text, 0, length), CultureInfo.InvariantCulture);
            Assert.Equal(Math.Round((double)value, 4, MidpointRounding.AwayFromZero), parsed);
        }
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(3e13f)]
    public void FormatFixed4_OutOfItsRange_ReturnsZeroForTheFallback(float value)
    {
        Assert.Equal(0, SimulatorJson.FormatFixed4(value, new byte[32]));
    }

    [Fact]
    public void Window_TwoByTwo_MatchesTheDesignContract()
    {
        byte[] json = SimulatorJson.Window(new ArrayBufferWriter<byte>(), "pump-1", "pump", new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero),
            1000, ["temp", "flow"], [71.25f, 3f, 71.3f, -0.125f]);

        Assert.Equal("""{"sensorId":"pump-1","model":"pump","start":"2026-11-22T10:00:00.000Z","intervalMs":1000,"features":["temp","flow"],"values":[[71.25,3],[71.3,-0.125]]}""",
            Encoding.UTF8.GetString(json));
        using JsonDocument parsed = JsonDocument.Parse(json);
    }

    [Fact]
    public void Reading_OneRow_MatchesTheDesignContract()
    {
        byte[] json = SimulatorJson.Reading(new ArrayBufferWriter<byte>(), "pump-1", "pump", new DateTimeOffset(2026, 11, 22, 10, 0, 1, 500, TimeSpan.Zero), [1.5f, 2f]);

        Assert.Equal("""{"sensorId":"pump-1","model":"pump","ts":"2026-11-22T10:00:01.500Z","values":[1.5,2]}""", Encoding.UTF8.GetString(json));
    }

    [Theory]
    [InlineData(AnomalyKind.BrokenRelation, "broken-relation")]
    [InlineData(AnomalyKind.NoiseBurst, "noise-burst")]
    [InlineData(AnomalyKind.Spike, "spike")]
    public void KindName_Kinds_KebabCase(AnomalyKind kind, string expected)
    {
        Assert.Equal(expected, SimulatorJson.KindName(kind));
    }
}
