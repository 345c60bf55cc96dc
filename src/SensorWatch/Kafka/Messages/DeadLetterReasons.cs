using System.Text;

namespace SensorWatch.Kafka.Messages;

/// <summary>The stable wire codes of <see cref="DeadLetterReason"/> (strings and cached UTF-8 bytes for headers).</summary>
internal static class DeadLetterReasons
{
    private static readonly string[] s_codes = BuildCodes();
    private static readonly byte[][] s_utf8 = Array.ConvertAll(s_codes, Encoding.UTF8.GetBytes);

    /// <summary>Every reason except <see cref="DeadLetterReason.None"/>, in declaration order.</summary>
    public static IReadOnlyList<DeadLetterReason> All { get; } =
        [.. Enum.GetValues<DeadLetterReason>().Where(r => r != DeadLetterReason.None)];

    /// <summary>The kebab-case code, e.g. <c>malformed-json</c>; <c>none</c> for <see cref="DeadLetterReason.None"/>.</summary>
    public static string Code(this DeadLetterReason reason) => s_codes[(int)reason];

    /// <summary>The code as UTF-8 bytes (shared; do not modify).</summary>
    public static byte[] CodeUtf8(this DeadLetterReason reason) => s_utf8[(int)reason];

    /// <summary>Parses a code back into a reason; false for unknown codes.</summary>
    public static bool TryParse(string code, out DeadLetterReason reason)
    {
        int index = Array.IndexOf(s_codes, code);
        reason = index < 0 ? DeadLetterReason.None : (DeadLetterReason)index;
        return index >= 0;
    }

    private static string[] BuildCodes()
    {
        DeadLetterReason[] values = Enum.GetValues<DeadLetterReason>();
        string[] codes = new string[values.Length];
        foreach (DeadLetterReason value in values)
        {
            codes[(int)value] = ToKebab(value.ToString());
        }

        return codes;
    }

    private static string ToKebab(string pascal)
    {
        StringBuilder builder = new(pascal.Length + 4);
        for (int i = 0; i < pascal.Length; i++)
        {
            char c = pascal[i];
            if (char.IsUpper(c) && i > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        // InvalidUtf8 -> "invalid-utf8" (digits stay attached).
        return builder.ToString();
    }
}
