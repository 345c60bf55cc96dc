using System.Buffers;
using SensorWatch.Core.Synthetic;

namespace SensorWatch.Simulator;

/// <summary>
/// One simulated sensor: a <see cref="SyntheticSensorGenerator"/> plus the sliding window of its last T rows. Each
/// call to <see cref="NextMessage"/> advances the stream by the stride and encodes one window (or one reading).
/// Not thread-safe.
/// </summary>
internal sealed class SimulatedSensor
{
    private readonly SyntheticSensorGenerator _generator;
    private readonly SimulatorOptions _options;
    private readonly float[] _window;        // (T, D) last T rows, oldest first
    private readonly DateTimeOffset[] _times; // (T) their timestamps
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly List<AnomalyEvent> _started = [];
    private bool _primed;

    public SimulatedSensor(string sensorId, SyntheticSensorOptions generatorOptions, SimulatorOptions options, Random random)
    {
        SensorId = sensorId;
        _options = options;
        _generator = new SyntheticSensorGenerator(generatorOptions, random);
        int t = options.Readings ? 1 : options.WindowLength;
        _window = new float[t * _generator.Features];
        _times = new DateTimeOffset[t];
    }

    public string SensorId { get; }

    /// <summary>D feature names.</summary>
    public IReadOnlyList<string> FeatureNames => _generator.FeatureNames;

    /// <summary>Timestamp just after the last row the next message will contain.</summary>
    public DateTimeOffset NextMessageEnd
    {
        get
        {
            int newRows = _primed ? _options.EffectiveStride : _times.Length;
            long lastRow = _generator.NextRow + newRows - 1;
            return _generator.Options.Start + TimeSpan.FromTicks(_generator.Options.Interval.Ticks * (lastRow + 1));
        }
    }

    /// <summary>Advances the stream and encodes the next message; <paramref name="startedEvents"/> gets the anomalies that began in the new rows.</summary>
    public byte[] NextMessage(List<AnomalyEvent> startedEvents)
    {
        int d = _generator.Features;
        int t = _times.Length;
        int newRows = _primed ? _options.EffectiveStride : t;
        _primed = true;
        if (newRows < t)
        {
            Array.Copy(_window, newRows * d, _window, 0, (t - newRows) * d);
            Array.Copy(_times, newRows, _times, 0, t - newRows);
        }

        _started.Clear();
        for (int row = t - newRows; row < t; row++)
        {
            SyntheticRow info = _generator.Next(_window.AsSpan(row * d, d));
            _times[row] = info.Timestamp;
            if (info.StartedEvent is not null)
            {
                _started.Add(info.StartedEvent);
            }
        }

        startedEvents.AddRange(_started);
        return _options.Readings
            ? SimulatorJson.Reading(_buffer, SensorId, _options.Model, _times[0], _window)
            : SimulatorJson.Window(_buffer, SensorId, _options.Model, _times[0], (long)_options.Interval.TotalMilliseconds, _generator.FeatureNames, _window);
    }
}
