using SensorWatch.Core.Alerting;
using SensorWatch.Simulator;

namespace SensorWatch.Roles.Demo;

/// <summary>
/// Collects the ground truth (from the simulator) and the alerts (from the scorer) while the demo runs, and matches
/// them: an injected anomaly is detected when an alert for its sensor OPENS on a window that overlaps
/// [start, end + grace] in sensor time; an opened alert that overlaps no injected anomaly (with the same grace) is a
/// false alert. Anomalies injected before the first model existed are reported apart (nothing could score them).
/// Thread-safe.
/// </summary>
internal sealed class DemoLedger
{
    private readonly Lock _gate = new();
    private readonly List<DemoInjection> _injections = [];
    private readonly List<DemoAlert> _alerts = [];
    private readonly System.Diagnostics.Stopwatch _clock;
    private readonly TimeSpan _grace;
    private TimeSpan? _firstModel;

    public DemoLedger(System.Diagnostics.Stopwatch clock, TimeSpan grace)
    {
        _clock = clock;
        _grace = grace;
    }

    public TimeSpan? FirstModel
    {
        get
        {
            lock (_gate)
            {
                return _firstModel;
            }
        }
    }

    public void ModelReady()
    {
        lock (_gate)
        {
            _firstModel ??= _clock.Elapsed;
        }
    }

    public void Injected(GroundTruthRecord truth)
    {
        lock (_gate)
        {
            _injections.Add(new DemoInjection(truth.SensorId, truth.Kind, truth.Start, truth.End, _clock.Elapsed, _firstModel is null));
        }
    }

    public void Alert(string sensorId, AlertTransition transition)
    {
        string state = transition.Kind switch
        {
            AlertTransitionKind.Open => "open",
            AlertTransitionKind.Update => "update",
            _ => "resolved",
        };
        DemoAlert alert = new(sensorId, transition.AlertId ?? "", state, DateTimeOffset.FromUnixTimeMilliseconds(transition.WindowStartMs),
            DateTimeOffset.FromUnixTimeMilliseconds(transition.WindowEndMs), transition.Severity, _clock.Elapsed);
        lock (_gate)
        {
            _alerts.Add(alert);
        }
    }

    /// <summary>The latest alert transitions, newest first.</summary>
    public IReadOnlyList<DemoAlert> Recent(int count)
    {
        lock (_gate)
        {
            return [.. _alerts.AsEnumerable().Reverse().Take(count)];
        }
    }

    public int InjectedCount
    {
        get
        {
            lock (_gate)
            {
                return _injections.Count;
            }
        }
    }

    public DemoSummary Summarise(DemoSummary counts)
    {
        List<DemoInjection> injections;
        List<DemoAlert> opens;
        lock (_gate)
        {
            injections = [.. _injections];
            opens = [.. _alerts.Where(alert => alert.State == "open")];
        }

        Dictionary<DemoInjection, DemoAlert?> matched = [];
        foreach (DemoInjection injection in injections)
        {
            matched[injection] = opens
                .Where(alert => alert.SensorId == injection.SensorId && Overlaps(alert, injection))
                .OrderBy(alert => alert.WindowEnd)
                .FirstOrDefault();
        }

        int falseAlerts = opens.Count(alert => !injections.Any(injection => injection.SensorId == alert.SensorId && Overlaps(alert, injection)));
        List<DemoKindResult> kinds = [.. injections.GroupBy(injection => injection.Kind).OrderBy(group => group.Key.ToString(), StringComparer.Ordinal).Select(group =>
        {
            List<DemoInjection> scorable = [.. group.Where(injection => !injection.DuringColdStart)];
            List<(DemoInjection Injection, DemoAlert Alert)> detected = [.. scorable.Where(injection => matched[injection] is not null)
                .Select(injection => (injection, matched[injection]!))];
            return new DemoKindResult(group.Key.ToString(), scorable.Count, detected.Count, group.Count() - scorable.Count,
                Median(detected.Select(pair => Math.Max(0, (pair.Alert.WindowEnd - pair.Injection.Start).TotalSeconds))),
                Median(detected.Select(pair => Math.Max(0, (pair.Alert.Wall - pair.Injection.Wall).TotalSeconds))));
        })];
        return counts with
        {
            Injected = kinds.Sum(kind => kind.Injected),
            Detected = kinds.Sum(kind => kind.Detected),
            InjectedDuringColdStart = kinds.Sum(kind => kind.DuringColdStart),
            AlertsOpened = opens.Count,
            FalseAlerts = falseAlerts,
            Kinds = kinds,
        };
    }

    private bool Overlaps(DemoAlert alert, DemoInjection injection) =>
        alert.WindowStart < injection.End + _grace && alert.WindowEnd > injection.Start;

    private static double? Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length == 0 ? null : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
