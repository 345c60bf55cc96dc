using System.Collections.Concurrent;

namespace SensorWatch.Telemetry;

/// <summary>
/// Caps the distinct values one tag may take, so a bug upstream (e.g. a sensor id passed as a model key or
/// a reason code) cannot explode the number of time series: after <see cref="Limit"/> distinct values every
/// new value is reported as <see cref="Overflow"/>.
/// </summary>
internal sealed class CardinalityGuard(int limit)
{
    /// <summary>The value reported once the limit is reached.</summary>
    public const string Overflow = "_other";

    private readonly ConcurrentDictionary<string, byte> _seen = new(StringComparer.Ordinal);

    /// <summary>Most distinct values admitted.</summary>
    public int Limit { get; } = limit > 0 ? limit : throw new ArgumentOutOfRangeException(nameof(limit), limit, "limit must be positive");

    /// <summary>The value itself while under the limit (or already seen), else <see cref="Overflow"/>; empty becomes <c>unknown</c>.</summary>
    public string Admit(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "unknown";
        }

        if (_seen.ContainsKey(value))
        {
            return value;
        }

        if (_seen.Count >= Limit)
        {
            return Overflow;
        }

        _seen.TryAdd(value, 0);
        return value;
    }
}
