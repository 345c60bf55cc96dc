using SensorWatch.Configuration;
using SensorWatch.Kafka.Messages;

namespace SensorWatch.Kafka.Readings;

/// <summary>
/// Assembles single readings into per-sensor sliding windows of T readings with stride S (DESIGN §3, second form).
/// Rules, per sensor:
/// <list type="bullet">
/// <item>Readings are kept sorted by timestamp; a late reading inside the open window is inserted in time order.</item>
/// <item>Same timestamp as a buffered reading: its values replace the old ones (last write wins, <see cref="ReadingOutcome.Replaced"/>).</item>
/// <item>When T readings are buffered the window is emitted (start = first reading's time; intervalMs = the median
/// spacing of its readings (the lower middle of the T − 1 gaps), at least 1, and 1 with T = 1; end = last reading's time
/// + intervalMs, which equals start + T × intervalMs for evenly spaced readings), then the oldest S readings are dropped.
/// The median keeps one long gap inside a window (e.g. a sensor's open window replayed after a restart, hours before its
/// next readings) from pushing the end ahead of the readings, where the alert replay guard would ignore the sensor's
/// following windows until their ends passed it. From then on readings older than
/// the first kept one (or, with S = T, not newer than the last emitted one) are dropped and counted
/// (<see cref="ReadingOutcome.DroppedTooOld"/>): they belong to windows already emitted.</item>
/// <item>A reading with a different D discards the partial window and starts a new one (<see cref="ReadingOutcome.Restarted"/>).</item>
/// </list>
/// Memory: at most MaxSensors buffers of T × D floats; a new sensor beyond that evicts the least recently updated one
/// (its partial window is lost and counted in <see cref="Evictions"/>). Pure and single-threaded (one per consume loop).
/// </summary>
internal sealed class ReadingWindowAssembler
{
    private readonly ReadingsOptions _options;
    private readonly Dictionary<string, LinkedListNode<SensorReadingBuffer>> _sensors = new(StringComparer.Ordinal);
    private readonly LinkedList<SensorReadingBuffer> _recency = new();
    private readonly long[] _outcomes = new long[Enum.GetValues<ReadingOutcome>().Length];
    private readonly long[] _spacings;   // (T − 1) scratch for the median spacing

    public ReadingWindowAssembler(ReadingsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _options = options;
        _spacings = new long[Math.Max(1, options.WindowLength - 1)];
    }

    /// <summary>Sensors with an open window.</summary>
    public int SensorCount => _sensors.Count;

    /// <summary>Partial windows discarded to respect MaxSensors.</summary>
    public long Evictions { get; private set; }

    /// <summary>The sensor whose partial window was evicted last (null before the first eviction).</summary>
    public string? LastEvicted { get; private set; }

    /// <summary>Discards a sensor's partial window (its partition went to another worker); false when it had none.</summary>
    public bool Forget(string sensorId)
    {
        if (!_sensors.Remove(sensorId, out LinkedListNode<SensorReadingBuffer>? node))
        {
            return false;
        }

        _recency.Remove(node);
        return true;
    }

    /// <summary>How many readings ended with <paramref name="outcome"/>.</summary>
    public long Count(ReadingOutcome outcome) => _outcomes[(int)outcome];

    /// <summary>Adds one reading (D values, NaN = missing). On <see cref="ReadingOutcome.WindowReady"/>, <paramref name="output"/> holds the window.</summary>
    public ReadingOutcome Add(string sensorId, string? requestedModel, long timestampMs, ReadOnlySpan<float> values, DecodedWindow output)
    {
        ArgumentException.ThrowIfNullOrEmpty(sensorId);
        ArgumentNullException.ThrowIfNull(output);
        if (values.IsEmpty)
        {
            throw new ArgumentException("A reading needs at least one value.", nameof(values));
        }

        ReadingOutcome outcome = AddCore(Touch(sensorId, values.Length), requestedModel, timestampMs, values, output);
        _outcomes[(int)outcome]++;
        return outcome;
    }

    private ReadingOutcome AddCore(SensorReadingBuffer buffer, string? requestedModel, long timestampMs, ReadOnlySpan<float> values, DecodedWindow output)
    {
        ReadingOutcome stored = ReadingOutcome.Buffered;
        if (values.Length != buffer.Features)
        {
            buffer.Reset(buffer.SensorId, values.Length);
            stored = ReadingOutcome.Restarted;
        }

        if (timestampMs < buffer.FloorMs)
        {
            return ReadingOutcome.DroppedTooOld;
        }

        int d = buffer.Features;
        int index = Array.BinarySearch(buffer.Times, 0, buffer.Count, timestampMs);
        if (index >= 0)
        {
            values.CopyTo(buffer.Values.AsSpan(index * d, d));
            return ReadingOutcome.Replaced;
        }

        index = ~index;
        int after = buffer.Count - index;
        Array.Copy(buffer.Times, index, buffer.Times, index + 1, after);
        Array.Copy(buffer.Values, index * d, buffer.Values, (index + 1) * d, after * d);
        buffer.Times[index] = timestampMs;
        values.CopyTo(buffer.Values.AsSpan(index * d, d));
        buffer.Count++;
        if (buffer.Count < _options.WindowLength)
        {
            return stored;
        }

        Emit(buffer, requestedModel, output);
        Slide(buffer);
        return ReadingOutcome.WindowReady;
    }

    private void Emit(SensorReadingBuffer buffer, string? requestedModel, DecodedWindow output)
    {
        int t = _options.WindowLength;
        int d = buffer.Features;
        output.Reset();
        output.SensorId = buffer.SensorId;
        output.RequestedModel = requestedModel;
        output.StartMs = buffer.Times[0];
        output.IntervalMs = MedianSpacing(buffer.Times.AsSpan(0, t));
        output.SetEnd(buffer.Times[t - 1] + output.IntervalMs);
        output.EnsureValueCapacity(t * d, 0);
        output.Length = t;
        output.FeatureCount = d;
        Span<float> target = output.WritableValues;
        buffer.Values.AsSpan(0, t * d).CopyTo(target);
        int missing = 0;
        foreach (float value in target)
        {
            if (float.IsNaN(value))
            {
                missing++;
            }
        }

        output.MissingCount = missing;
    }

    /// <summary>The lower-middle gap between consecutive times (ascending, distinct), at least 1; 1 for a single time.</summary>
    private long MedianSpacing(ReadOnlySpan<long> times)
    {
        int gaps = times.Length - 1;
        if (gaps < 1)
        {
            return 1;
        }

        Span<long> spacings = _spacings.AsSpan(0, gaps);
        for (int i = 0; i < gaps; i++)
        {
            spacings[i] = times[i + 1] - times[i];
        }

        spacings.Sort();
        return Math.Max(1, spacings[(gaps - 1) / 2]);
    }

    private void Slide(SensorReadingBuffer buffer)
    {
        int t = _options.WindowLength;
        int s = _options.Stride;
        int d = buffer.Features;
        int keep = t - s;
        buffer.FloorMs = keep > 0 ? buffer.Times[s] : buffer.Times[t - 1] + 1;
        Array.Copy(buffer.Times, s, buffer.Times, 0, keep);
        Array.Copy(buffer.Values, s * d, buffer.Values, 0, keep * d);
        buffer.Count = keep;
    }

    private SensorReadingBuffer Touch(string sensorId, int features)
    {
        if (_sensors.TryGetValue(sensorId, out LinkedListNode<SensorReadingBuffer>? node))
        {
            _recency.Remove(node);
            _recency.AddFirst(node);
            return node.Value;
        }

        SensorReadingBuffer buffer;
        if (_sensors.Count >= _options.MaxSensors)
        {
            node = _recency.Last!;
            _recency.RemoveLast();
            _sensors.Remove(node.Value.SensorId);
            LastEvicted = node.Value.SensorId;
            Evictions++;
            buffer = node.Value;
            buffer.Reset(sensorId, features);
        }
        else
        {
            buffer = new SensorReadingBuffer(_options.WindowLength, features) { SensorId = sensorId };
            node = new LinkedListNode<SensorReadingBuffer>(buffer);
        }

        _recency.AddFirst(node);
        _sensors.Add(sensorId, node);
        return buffer;
    }
}
