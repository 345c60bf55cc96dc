namespace SensorWatch.Kafka.Messages;

/// <summary>
/// Fast exact text for the short decimals sensors send (e.g. 12.3456): finds the fewest fraction digits k ≤ 10 and the
/// integer m &lt; 2^24 with m / 10^k == v in float arithmetic. Both m and 10^k (k ≤ 10) are exact floats, so that one
/// IEEE single division is the correctly rounded float of the decimal m·10^-k — exactly what a JSON reader's
/// <c>TryGetSingle</c> returns for the text — so the text round-trips bit for bit. Values that need more digits (or
/// are not finite) return false and the caller writes them the general way (<c>WriteNumberValue</c>, ~5× slower).
/// </summary>
internal static class ShortFloatText
{
    private const int MaxScale = 10;
    private const double MaxMantissa = 1 << 24;

    private static readonly double[] s_scaleDouble = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10];
    private static readonly float[] s_scaleFloat = [1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f];

    /// <summary>Writes <paramref name="value"/> as a JSON number into <paramref name="text"/> (≥ 32 bytes); false when it is not a short decimal.</summary>
    public static bool TryFormat(float value, Span<byte> text, out int written)
    {
        written = 0;
        if (!float.IsFinite(value) || text.Length < 32)
        {
            return false;
        }

        if (value == 0)
        {
            return Write(float.IsNegative(value) ? "-0"u8 : "0"u8, text, out written);
        }

        float magnitude = Math.Abs(value);
        for (int k = 0; k <= MaxScale; k++)
        {
            double m = Math.Round(magnitude * s_scaleDouble[k]);
            if (m >= MaxMantissa)
            {
                return false;
            }

            if ((float)m / s_scaleFloat[k] == magnitude)
            {
                written = Digits((int)m, k, value < 0, text);
                return true;
            }
        }

        return false;
    }

    /// <summary>"-"? integer part "." k fraction digits (the last one non-zero: k is the smallest that round-trips).</summary>
    private static int Digits(int mantissa, int scale, bool negative, Span<byte> text)
    {
        Span<byte> digits = stackalloc byte[12];
        int count = 0;
        do
        {
            digits[count++] = (byte)('0' + (mantissa % 10));
            mantissa /= 10;
        }
        while (mantissa > 0 || count <= scale);   // at least one integer digit: 0.5, not .5

        int at = 0;
        if (negative)
        {
            text[at++] = (byte)'-';
        }

        for (int i = count - 1; i >= 0; i--)
        {
            text[at++] = digits[i];
            if (i == scale && scale > 0)
            {
                text[at++] = (byte)'.';
            }
        }

        return at;
    }

    private static bool Write(ReadOnlySpan<byte> literal, Span<byte> text, out int written)
    {
        literal.CopyTo(text);
        written = literal.Length;
        return true;
    }
}
