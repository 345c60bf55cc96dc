namespace SensorWatch.Kafka.Readings;

/// <summary>
/// One sensor's open window: up to T readings sorted by time with distinct timestamps. Memory is fixed at
/// T timestamps + T × D floats, allocated when the sensor first appears (or reused from an evicted sensor).
/// </summary>
internal sealed class SensorReadingBuffer(int windowLength, int features)
{
    /// <summary>(T) reading times, Unix ms, ascending over [0, Count).</summary>
    public long[] Times { get; } = new long[windowLength];

    /// <summary>(T, D) values row-major; row i belongs to Times[i].</summary>
    public float[] Values { get; private set; } = new float[windowLength * features];

    public string SensorId { get; set; } = string.Empty;

    /// <summary>D of this sensor.</summary>
    public int Features { get; private set; } = features;

    /// <summary>Readings buffered.</summary>
    public int Count { get; set; }

    /// <summary>Readings older than this are dropped (long.MinValue until the first window was emitted).</summary>
    public long FloorMs { get; set; } = long.MinValue;

    /// <summary>Empties the buffer for a (possibly different) sensor with <paramref name="features"/> columns.</summary>
    public void Reset(string sensorId, int features)
    {
        SensorId = sensorId;
        Count = 0;
        FloorMs = long.MinValue;
        if (features != Features)
        {
            Features = features;
            if (Values.Length != Times.Length * features)
            {
                Values = new float[Times.Length * features];
            }
        }
    }
}
