namespace SensorWatch.Kafka.Messages;

/// <summary>
/// One decoded reading (<c>{ "sensorId", "ts", "values": [D] }</c>); reusable. Values are (D) floats, NaN = missing.
/// Not thread-safe.
/// </summary>
internal sealed class DecodedReading
{
    private float[] _values = [];

    /// <summary>The sensor id.</summary>
    public string SensorId { get; internal set; } = string.Empty;

    /// <summary>The optional <c>model</c> field.</summary>
    public string? RequestedModel { get; internal set; }

    /// <summary>The reading's time, Unix ms UTC.</summary>
    public long TimestampMs { get; internal set; }

    /// <summary>D.</summary>
    public int FeatureCount { get; internal set; }

    /// <summary>How many values were null.</summary>
    public int MissingCount { get; internal set; }

    /// <summary>(D) values, NaN = missing.</summary>
    public ReadOnlySpan<float> Values => _values.AsSpan(0, FeatureCount);

    internal float[] Buffer(int capacity)
    {
        if (_values.Length < capacity)
        {
            _values = new float[capacity];
        }

        return _values;
    }

    internal void Reset()
    {
        SensorId = string.Empty;
        RequestedModel = null;
        TimestampMs = 0;
        FeatureCount = 0;
        MissingCount = 0;
    }
}
