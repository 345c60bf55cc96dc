namespace SensorWatch.Roles.Scorer.Feedback;

/// <summary>
/// The alerts this replica published recently (bounded, oldest forgotten first), so an operator's verdict that names an
/// alert id (or a sensor and a window) can be traced to its sensor, model key, model version and the highest score the
/// alert carried. Loop thread only.
/// </summary>
internal sealed class RecentAlerts(int capacity = 10_000)
{
    private readonly Dictionary<string, RecentAlert> _alerts = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public int Count => _alerts.Count;

    /// <summary>Records an open/update/resolve of an alert (the score is the window's; the highest one is kept).</summary>
    public void Record(string alertId, string sensorId, string modelKey, string modelVersion, long windowStartMs, long windowEndMs, double score)
    {
        if (_alerts.TryGetValue(alertId, out RecentAlert? known))
        {
            _alerts[alertId] = known with
            {
                EndMs = Math.Max(known.EndMs, windowEndMs),
                MaxScore = Higher(known.MaxScore, score),
            };
            return;
        }

        if (_alerts.Count >= capacity && _order.TryDequeue(out string? oldest))
        {
            _alerts.Remove(oldest);
        }

        _alerts[alertId] = new RecentAlert(alertId, sensorId, modelKey, modelVersion, windowStartMs, windowEndMs, double.IsFinite(score) ? score : double.NaN);
        _order.Enqueue(alertId);
    }

    private static double Higher(double known, double score) =>
        !double.IsFinite(score) ? known : double.IsNaN(known) ? score : Math.Max(known, score);

    public RecentAlert? Find(string alertId) => _alerts.GetValueOrDefault(alertId);

    /// <summary>The newest remembered alert of <paramref name="sensorId"/> whose span overlaps [start, end).</summary>
    public RecentAlert? Find(string sensorId, long startMs, long endMs)
    {
        RecentAlert? best = null;
        foreach (RecentAlert alert in _alerts.Values)
        {
            if (alert.SensorId == sensorId && alert.StartMs < endMs && startMs < alert.EndMs && (best is null || alert.StartMs > best.StartMs))
            {
                best = alert;
            }
        }

        return best;
    }
}
