using System.Buffers;

namespace SensorWatch.Kafka.Messages;

/// <summary>
/// One decoded, validated window; reusable across messages (the decoder resets it). Values are (T, D) row-major
/// float32 with NaN for a missing reading, held in an array rented from <see cref="ArrayPool{T}.Shared"/> that grows
/// as needed up to the configured T × D cap; <see cref="Dispose"/> returns it. Not thread-safe.
/// </summary>
internal sealed class DecodedWindow : IDisposable
{
    private float[] _values = [];
    private string[] _featureNames = [];
    private long? _endMs;

    /// <summary>The sensor id (the message key must equal it when a key is present).</summary>
    public string SensorId { get; internal set; } = string.Empty;

    /// <summary>The message's optional <c>model</c> field.</summary>
    public string? RequestedModel { get; internal set; }

    /// <summary>The resolved model key (from <see cref="IModelCatalog"/>).</summary>
    public string ModelKey { get; internal set; } = string.Empty;

    /// <summary>The resolved model shape, or null during the model key's cold start.</summary>
    public ModelShape? Shape { get; internal set; }

    /// <summary>The message's optional <c>windowId</c> (echoed into score records for auditing).</summary>
    public string? WindowId { get; internal set; }

    /// <summary>Start of the first step, Unix milliseconds UTC.</summary>
    public long StartMs { get; internal set; }

    /// <summary>Milliseconds between steps (≥ 1).</summary>
    public long IntervalMs { get; internal set; }

    /// <summary>End of the window (Unix ms): start + T × interval, or for an assembled window its last reading + interval.</summary>
    public long EndMs => _endMs ?? StartMs + (Length * IntervalMs);

    /// <summary>T: rows.</summary>
    public int Length { get; internal set; }

    /// <summary>D: values per row.</summary>
    public int FeatureCount { get; internal set; }

    /// <summary>How many values were null (stored as NaN).</summary>
    public int MissingCount { get; internal set; }

    /// <summary>Number of names in <see cref="FeatureNames"/>: D when the message named its features, else 0.</summary>
    public int FeatureNameCount { get; internal set; }

    /// <summary>The message's feature names (empty when it gave none).</summary>
    public ReadOnlySpan<string> FeatureNames => _featureNames.AsSpan(0, FeatureNameCount);

    /// <summary>The values, (T, D) row-major, NaN = missing.</summary>
    public ReadOnlySpan<float> Values => _values.AsSpan(0, Length * FeatureCount);

    /// <summary>Writable view of the values (the readings assembler fills windows through it).</summary>
    internal Span<float> WritableValues => _values.AsSpan(0, Length * FeatureCount);

    /// <summary>Clears every field (keeps the buffers).</summary>
    internal void Reset()
    {
        SensorId = string.Empty;
        RequestedModel = null;
        ModelKey = string.Empty;
        Shape = null;
        WindowId = null;
        StartMs = 0;
        IntervalMs = 0;
        Length = 0;
        FeatureCount = 0;
        MissingCount = 0;
        FeatureNameCount = 0;
        _endMs = null;
    }

    /// <summary>Sets the end explicitly (the readings assembler: last reading + interval).</summary>
    internal void SetEnd(long endMs) => _endMs = endMs;

    /// <summary>Makes room for at least <paramref name="count"/> values, keeping the first <paramref name="keep"/>.</summary>
    internal float[] EnsureValueCapacity(int count, int keep)
    {
        if (_values.Length < count)
        {
            float[] grown = ArrayPool<float>.Shared.Rent(Math.Max(count, Math.Min(_values.Length * 2, int.MaxValue / 2)));
            _values.AsSpan(0, keep).CopyTo(grown);
            Return();
            _values = grown;
        }

        return _values;
    }

    /// <summary>Makes room for at least <paramref name="count"/> feature names.</summary>
    internal string[] EnsureNameCapacity(int count)
    {
        if (_featureNames.Length < count)
        {
            string[] grown = new string[Math.Max(count, _featureNames.Length * 2)];
            _featureNames.CopyTo(grown, 0);
            _featureNames = grown;
        }

        return _featureNames;
    }

    /// <summary>Returns the pooled value buffer.</summary>
    public void Dispose()
    {
        Return();
        _values = [];
    }

    private void Return()
    {
        if (_values.Length > 0)
        {
            ArrayPool<float>.Shared.Return(_values);
        }
    }
}
