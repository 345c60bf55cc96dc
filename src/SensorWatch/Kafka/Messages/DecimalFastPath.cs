namespace SensorWatch.Kafka.Messages;

/// <summary>
/// Exact fast parse of the plain decimals sensors send (<c>-?digits(.digits)?</c>, at most 15 significant digits, no
/// exponent) — the Clinger fast path: the digits form an integer m &lt; 10^15 &lt; 2^53 and the scale k ≤ 15 gives
/// 10^k, both exact in double, so the one IEEE division m / 10^k is the correctly rounded double of the decimal, the
/// same value <see cref="System.Text.Json.Utf8JsonReader.TryGetDouble(out double)"/> returns. Anything else (exponent,
/// more digits) returns false and the caller takes the general parser. Input is a JSON number token already validated
/// by the reader.
/// </summary>
internal static class DecimalFastPath
{
    private const int MaxDigits = 15;

    private static readonly double[] s_powersOfTen =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    /// <summary>Parses <paramref name="text"/> when it is a plain decimal of at most 15 digits; false otherwise.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        int i = 0;
        bool negative = false;
        if (text.Length > 0 && text[0] == (byte)'-')
        {
            negative = true;
            i = 1;
        }

        long mantissa = 0;
        int digits = 0;
        int scale = 0;
        bool fraction = false;
        for (; i < text.Length; i++)
        {
            uint digit = (uint)(text[i] - '0');
            if (digit <= 9)
            {
                if (++digits > MaxDigits)
                {
                    return false;
                }

                mantissa = (mantissa * 10) + digit;
                if (fraction)
                {
                    scale++;
                }
            }
            else if (text[i] == (byte)'.' && !fraction)
            {
                fraction = true;
            }
            else
            {
                return false; // exponent (or anything unexpected): the general parser decides
            }
        }

        if (digits == 0)
        {
            return false;
        }

        double magnitude = scale == 0 ? mantissa : mantissa / s_powersOfTen[scale];
        value = negative ? -magnitude : magnitude;
        return true;
    }
}
