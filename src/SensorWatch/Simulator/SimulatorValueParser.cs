using System.Globalization;

namespace SensorWatch.Simulator;

/// <summary>Parses the human forms of the simulator's options: durations ("90s", "5m", "1h30m", "250ms") and rates ("200/s").</summary>
internal static class SimulatorValueParser
{
    /// <summary>
    /// A duration: one or more number+unit parts (ms, s, m, h, d; e.g. "1h30m", "2.5s"), a bare number of seconds, or a
    /// TimeSpan ("00:01:30"). Throws <see cref="FormatException"/> naming the option.
    /// </summary>
    public static TimeSpan ParseDuration(string text, string option)
    {
        ArgumentNullException.ThrowIfNull(text);
        string value = text.Trim();
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
        {
            return FromSeconds(seconds, text, option);
        }

        if (value.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out TimeSpan span) && span >= TimeSpan.Zero)
        {
            return span;
        }

        double total = 0;
        int i = 0;
        bool any = false;
        while (i < value.Length)
        {
            int numberStart = i;
            while (i < value.Length && (char.IsAsciiDigit(value[i]) || value[i] == '.'))
            {
                i++;
            }

            int unitStart = i;
            while (i < value.Length && char.IsAsciiLetter(value[i]))
            {
                i++;
            }

            if (unitStart == numberStart || !double.TryParse(value.AsSpan(numberStart, unitStart - numberStart), NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
            {
                throw Bad(text, option, "a duration like 90s, 5m, 1h30m, 250ms or 00:01:30");
            }

            double unit = value[unitStart..i].ToLowerInvariant() switch
            {
                "ms" => 0.001,
                "s" or "sec" => 1,
                "m" or "min" => 60,
                "h" => 3600,
                "d" => 86400,
                _ => throw Bad(text, option, "a duration unit ms, s, m, h or d"),
            };
            total += number * unit;
            any = true;
        }

        return any ? FromSeconds(total, text, option) : throw Bad(text, option, "a duration like 90s or 5m");
    }

    /// <summary>A rate in messages per second: "200", "200/s", "12000/min", "1.5k/s", "50/h".</summary>
    public static double ParseRate(string text, string option)
    {
        ArgumentNullException.ThrowIfNull(text);
        string value = text.Trim().ToLowerInvariant();
        double per = 1;
        int slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            per = value[(slash + 1)..].Trim() switch
            {
                "s" or "sec" => 1,
                "m" or "min" => 60,
                "h" => 3600,
                _ => throw Bad(text, option, "a rate like 200/s, 12000/min or 50/h"),
            };
            value = value[..slash].Trim();
        }

        double multiplier = 1;
        if (value.EndsWith('k'))
        {
            multiplier = 1000;
            value = value[..^1];
        }

        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) || !double.IsFinite(number) || number <= 0)
        {
            throw Bad(text, option, "a positive rate like 200/s");
        }

        return number * multiplier / per;
    }

    private static TimeSpan FromSeconds(double seconds, string text, string option) =>
        double.IsFinite(seconds) && seconds >= 0 && seconds < TimeSpan.MaxValue.TotalSeconds
            ? TimeSpan.FromSeconds(seconds)
            : throw Bad(text, option, "a non-negative duration");

    private static FormatException Bad(string text, string option, string expected) =>
        new($"{option}: '{text}' is not {expected}.");
}
