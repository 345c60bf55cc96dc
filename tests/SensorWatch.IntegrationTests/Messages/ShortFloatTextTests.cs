using System.Text;
using System.Text.Json;
using SensorWatch.Kafka.Messages;

namespace SensorWatch.IntegrationTests.Messages;

public sealed class ShortFloatTextTests
{
    [Theory]
    [InlineData(0f, "0")]
    [InlineData(7f, "7")]
    [InlineData(-3f, "-3")]
    [InlineData(0.1f, "0.1")]
    [InlineData(0.005f, "0.005")]
    [InlineData(-12.5f, "-12.5")]
    [InlineData(12.3456f, "12.3456")]
    [InlineData(1234.5f, "1234.5")]
    [InlineData(99.9999f, "99.9999")]
    [InlineData(16777215f, "16777215")]
    public void TryFormat_ShortDecimal_WritesTheFewestDigits(float value, string expected)
    {
        Span<byte> text = stackalloc byte[32];
        Assert.True(ShortFloatText.TryFormat(value, text, out int written));
        Assert.Equal(expected, Encoding.ASCII.GetString(text[..written]));
    }

    [Fact]
    public void TryFormat_NegativeZero_KeepsTheSign()
    {
        Span<byte> text = stackalloc byte[32];
        Assert.True(ShortFloatText.TryFormat(-0f, text, out int written));
        Assert.Equal("-0", Encoding.ASCII.GetString(text[..written]));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(123456789f)]
    [InlineData(1e-12f)]
    [InlineData(3.4e38f)]
    public void TryFormat_NotAShortDecimal_LeavesItToTheGeneralWriter(float value)
    {
        Span<byte> text = stackalloc byte[32];
        Assert.False(ShortFloatText.TryFormat(value, text, out _));
    }

    [Fact]
    public void TryFormat_SeededFloats_RoundTripBitForBitThroughTheJsonReader()
    {
        Random random = new(5);
        byte[] text = new byte[32];
        int fast = 0;
        for (int i = 0; i < 50000; i++)
        {
            // half short decimals (sensor-like, up to 4 places), half arbitrary float bit patterns
            float value = i % 2 == 0
                ? (float)(Math.Round((random.NextDouble() - 0.5) * 2000, random.Next(0, 5)))
                : BitConverter.Int32BitsToSingle(random.Next(int.MinValue, int.MaxValue));
            if (!ShortFloatText.TryFormat(value, text, out int written))
            {
                continue;
            }

            fast++;
            Utf8JsonReader reader = new(text.AsSpan(0, written));
            Assert.True(reader.Read() && reader.TokenType == JsonTokenType.Number, Encoding.ASCII.GetString(text, 0, written));
            Assert.True(reader.TryGetSingle(out float back));
            Assert.True(BitConverter.SingleToInt32Bits(value) == BitConverter.SingleToInt32Bits(back), $"{value:R} → {Encoding.ASCII.GetString(text, 0, written)} → {back:R}");
        }

        Assert.True(fast > 25000, $"only {fast} of 50000 took the fast path");
    }
}
