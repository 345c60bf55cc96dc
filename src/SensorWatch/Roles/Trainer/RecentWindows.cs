using SensorWatch.Core.Retraining;

namespace SensorWatch.Roles.Trainer;

/// <summary>
/// What the trainer needs to act on operator feedback: a small bounded ring of each sensor's most recent windows (to
/// find the window a false positive names, by sensorId + window or by alertId) and the span of each recent alert.
/// Memory ≤ <see cref="MaxSensors"/> × <see cref="PerSensor"/> windows plus <see cref="MaxAlerts"/> spans; the
/// sensor (or alert) seen longest ago is evicted first. Not thread-safe (the trainer loop owns it).
/// </summary>
internal sealed class RecentWindows
{
    public const int PerSensor = 16;
    public const int MaxSensors = 1024;
    public const int MaxAlerts = 4096;

    private readonly Dictionary<string, Queue<Entry>> _sensors = new(StringComparer.Ordinal);
    private readonly Queue<string> _sensorOrder = new();
    private readonly Dictionary<string, AlertSpan> _alerts = new(StringComparer.Ordinal);
    private readonly Queue<string> _alertOrder = new();

    /// <summary>Sensors currently held.</summary>
    public int Sensors => _sensors.Count;

    /// <summary>Remembers one scored window of <paramref name="modelKey"/>.</summary>
    public void Add(string modelKey, SampleWindow window)
    {
        if (!_sensors.TryGetValue(window.SensorId, out Queue<Entry>? ring))
        {
            if (_sensors.Count >= MaxSensors)
            {
                _sensors.Remove(_sensorOrder.Dequeue());
            }

            ring = new Queue<Entry>(PerSensor);
            _sensors.Add(window.SensorId, ring);
            _sensorOrder.Enqueue(window.SensorId);
        }

        if (ring.Count >= PerSensor)
        {
            ring.Dequeue();
        }

        ring.Enqueue(new Entry(modelKey, window));
    }

    /// <summary>An alert opened (span = its window) or resolved (the span is extended to the resolving window).</summary>
    public void Alert(string alertId, string sensorId, string modelKey, long startMs, long endMs)
    {
        if (_alerts.TryGetValue(alertId, out AlertSpan? span))
        {
            _alerts[alertId] = span with { StartMs = Math.Min(span.StartMs, startMs), EndMs = Math.Max(span.EndMs, endMs) };
            return;
        }

        if (_alerts.Count >= MaxAlerts)
        {
            _alerts.Remove(_alertOrder.Dequeue());
        }

        // The k − 1 anomalous windows that led up to the opening one belong to the alert too.
        if (_sensors.TryGetValue(sensorId, out Queue<Entry>? ring))
        {
            foreach (Entry entry in ring.Reverse().SkipWhile(entry => entry.Window.StartMs > startMs).TakeWhile(entry => entry.Window.Anomalous))
            {
                startMs = Math.Min(startMs, entry.Window.StartMs);
            }
        }

        _alerts.Add(alertId, new AlertSpan(sensorId, modelKey, startMs, endMs));
        _alertOrder.Enqueue(alertId);
    }

    /// <summary>
    /// The held windows of <paramref name="sensorId"/> lying within [<paramref name="startMs"/>, <paramref name="endMs"/>]
    /// (no end: the window starting at <paramref name="startMs"/>), oldest first.
    /// </summary>
    public IReadOnlyList<(string ModelKey, SampleWindow Window)> Find(string sensorId, long startMs, long? endMs)
    {
        if (!_sensors.TryGetValue(sensorId, out Queue<Entry>? ring))
        {
            return [];
        }

        return [.. ring.Where(entry => endMs is { } end ? entry.Window.StartMs >= startMs && entry.Window.EndMs <= end : entry.Window.StartMs == startMs)
            .Select(entry => (entry.ModelKey, entry.Window))];
    }

    /// <summary>
    /// The held windows of the alert <paramref name="alertId"/>: from the first of the anomalous run that opened it to the
    /// window that resolved it (or the opening one while it is open); empty when the alert is unknown.
    /// </summary>
    public IReadOnlyList<(string ModelKey, SampleWindow Window)> FindAlert(string alertId) =>
        _alerts.TryGetValue(alertId, out AlertSpan? span) ? Find(span.SensorId, span.StartMs, span.EndMs) : [];

    /// <summary>The model key the sensor's latest window belonged to, if any is held.</summary>
    public string? ModelKeyOf(string sensorId) =>
        _sensors.TryGetValue(sensorId, out Queue<Entry>? ring) && ring.Count > 0 ? ring.Last().ModelKey : null;

    private readonly record struct Entry(string ModelKey, SampleWindow Window);

    private sealed record AlertSpan(string SensorId, string ModelKey, long StartMs, long EndMs);
}
