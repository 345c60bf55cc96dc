using System.Text;

namespace SensorWatch.Kafka.Messages;

/// <summary>
/// A small direct-mapped cache from UTF-8 bytes to strings, so the sensor ids and feature names that repeat in every
/// message are not allocated again for each one. Bounded: <see cref="SlotCount"/> slots, each holding at most one
/// string of at most the limit passed in; a collision simply replaces the slot. Not thread-safe (one per decoder).
/// </summary>
internal sealed class Utf8StringCache
{
    public const int SlotCount = 4096;

    private readonly byte[]?[] _keys = new byte[SlotCount][];
    private readonly string?[] _values = new string[SlotCount];

    /// <summary>The string for <paramref name="utf8"/> (which must be valid UTF-8), from the cache when present.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        HashCode hash = default;
        hash.AddBytes(utf8);
        int slot = hash.ToHashCode() & (SlotCount - 1);
        byte[]? key = _keys[slot];
        if (key is not null && utf8.SequenceEqual(key))
        {
            return _values[slot]!;
        }

        string value = Encoding.UTF8.GetString(utf8);
        _keys[slot] = utf8.ToArray();
        _values[slot] = value;
        return value;
    }
}
