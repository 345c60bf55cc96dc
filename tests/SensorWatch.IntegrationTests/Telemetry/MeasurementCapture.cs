using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace SensorWatch.IntegrationTests.Telemetry;

/// <summary>Captures every measurement of one meter (by reference), with its tags, for assertions.</summary>
internal sealed class MeasurementCapture : IDisposable
{
    private readonly MeterListener _listener = new();

    public MeasurementCapture(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, t, _) => Add(i, v, t));
        _listener.SetMeasurementEventCallback<int>((i, v, t, _) => Add(i, v, t));
        _listener.SetMeasurementEventCallback<double>((i, v, t, _) => Add(i, v, t));
        _listener.Start();
    }

    public ConcurrentQueue<(string Instrument, double Value, Dictionary<string, string?> Tags)> Measurements { get; } = new();

    public void Observe() => _listener.RecordObservableInstruments();

    public IEnumerable<(double Value, Dictionary<string, string?> Tags)> Of(string instrument) =>
        Measurements.Where(m => m.Instrument == instrument).Select(m => (m.Value, m.Tags));

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        Dictionary<string, string?> map = new(StringComparer.Ordinal);
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            map[tag.Key] = tag.Value?.ToString();
        }

        Measurements.Enqueue((instrument.Name, value, map));
    }
}
