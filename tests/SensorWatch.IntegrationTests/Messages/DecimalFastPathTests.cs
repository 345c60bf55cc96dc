using System.Globalization;
using System.Text;
using System.Text.Json;
using SensorWatch.Kafka.Messages;

namespace SensorWatch.IntegrationTests.Messages;

public sealed class DecimalFastPathTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("7")]
    [InlineData("-3")]
    [InlineData("0.1")]
    [InlineData("-12.5")]
    [InlineData("71.2345")]
    [InlineData("123456789012345")]
    [InlineData("12345678.9012345")]
    [InlineData("0.30000000000000")]
    [InlineData("9999999999999.99")]
    public void TryParse_PlainDecimal_EqualsTheGeneralParserBitForBit(string text)
    {
        Assert.True(DecimalFastPath.TryParse(Encoding.ASCII.GetBytes(text), out double value));
        Assert.Equal(BitConverter.DoubleToInt64Bits(General(text)), BitConverter.DoubleToInt64Bits(value));
    }

    [Fact]
    public void TryParse_NegativeZero_KeepsTheSign()
    {
        Assert.True(DecimalFastPath.TryParse("-0.0"u8, out double value));
        Assert.True(double.IsNegative(value));
        Assert.Equal(0, value);
    }

    [Theory]
    [InlineData("1e5")]
    [InlineData("1.5E-3")]
    [InlineData("1234567890123456")]
    [InlineData("0.0000000000000001")]
    [InlineData("")]
    [InlineData("-")]
    public void TryParse_ExponentOrTooManyDigits_LeavesItToTheGeneralParser(string text)
    {
        Assert.False(DecimalFastPath.TryParse(Encoding.ASCII.GetBytes(text), out _));
    }

    [Fact]
    public void TryParse_SeededRandomDecimals_EqualTheGeneralParserBitForBit()
    {
        Random random = new(11);
        for (int i = 0; i < 20000; i++)
        {
            int integerDigits = random.Next(0, 9), fractionDigits = random.Next(0, 15 - integerDigits);
            string integer = integerDigits == 0 ? "0" : random.NextInt64(1, (long)Math.Pow(10, integerDigits)).ToString(CultureInfo.InvariantCulture);
            string fraction = fractionDigits == 0 ? "" : "." + random.NextInt64(0, (long)Math.Pow(10, fractionDigits)).ToString(CultureInfo.InvariantCulture).PadLeft(fractionDigits, '0');
            string text = (random.Next(2) == 0 ? "-" : "") + integer + fraction;
            if (integer.Length + fraction.Length - (fraction.Length > 0 ? 1 : 0) > 15)
            {
                continue;
            }

            Assert.True(DecimalFastPath.TryParse(Encoding.ASCII.GetBytes(text), out double value), text);
            Assert.True(BitConverter.DoubleToInt64Bits(General(text)) == BitConverter.DoubleToInt64Bits(value), text);
        }
    }

    /// <summary>What the JSON reader itself returns for the token.</summary>
    private static double General(string text)
    {
        Utf8JsonReader reader = new(Encoding.ASCII.GetBytes(text));
        reader.Read();
        Assert.True(reader.TryGetDouble(out double value));
        return value;
    }
}
