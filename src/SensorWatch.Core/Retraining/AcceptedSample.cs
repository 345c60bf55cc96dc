namespace SensorWatch.Core.Retraining;

/// <summary>
/// The bounded accepted-normal training sample of one model key: a reservoir (uniform over every admitted window,
/// Vitter's Algorithm R, or biased to recent ones, see <see cref="ReservoirPolicy"/>; explicit seeded
/// <see cref="Random"/>) plus a ring of the most recent ones (the promotion holdout). Memory is bounded by ReservoirSize + RecentSize + sensors × QuarantineCapacity windows.
/// <para>Contamination guard: a window scored normal first waits in its sensor's quarantine; it is admitted only
/// once a later window of that sensor ends at least AlertMarginMs after it (or <see cref="Flush"/> passes that time)
/// with no alert in between. An alert drops every quarantined window ending within the margin before it, and windows
/// starting within the margin after an alert are kept out. Windows of sensors under maintenance or with an open
/// health fault, windows scored anomalous or non-finite, and the top TopScoreFraction of recent normal scores are
/// kept out. Operator false positives are admitted directly. Not thread-safe: one owner per model key.</para>
/// </summary>
internal sealed class AcceptedSample
{
    private readonly AcceptedSampleOptions _options;
    private readonly Random _random;
    private readonly List<SampleWindow> _reservoir;
    private readonly SampleWindow?[] _recent;
    private readonly double[] _scoreHistory;
    private readonly Dictionary<string, SensorState> _sensors = new(StringComparer.Ordinal);
    private int _recentNext;
    private int _recentCount;
    private int _scoreNext;
    private int _scoreCount;
    private long _admittedTotal;

    /// <summary>Creates an empty sample; <paramref name="random"/> drives the reservoir (seed it for reproducibility).</summary>
    public AcceptedSample(string modelKey, AcceptedSampleOptions options, Random random)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelKey);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        IReadOnlyList<string> errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Invalid accepted-sample options: {string.Join(" ", errors)}", nameof(options));
        }

        ModelKey = modelKey;
        _options = options;
        _random = random;
        _reservoir = new List<SampleWindow>(options.ReservoirSize);
        _recent = new SampleWindow?[options.RecentSize];
        _scoreHistory = new double[options.ScoreHistorySize];
    }

    /// <summary>The model key this sample trains.</summary>
    public string ModelKey { get; }

    /// <summary>Admissions and exclusions so far.</summary>
    public SampleComposition Composition { get; } = new();

    /// <summary>Windows in the reservoir (at most ReservoirSize).</summary>
    public IReadOnlyList<SampleWindow> Reservoir => _reservoir;

    /// <summary>Windows in the recent ring (at most RecentSize).</summary>
    public int RecentCount => _recentCount;

    /// <summary>Windows waiting in quarantine, over all sensors.</summary>
    public int QuarantinedCount => _sensors.Values.Sum(s => s.Quarantine.Count);

    /// <summary>The most recent admitted windows, oldest first (the promotion holdout).</summary>
    public IReadOnlyList<SampleWindow> Recent()
    {
        List<SampleWindow> recent = new(_recentCount);
        int start = _recentCount < _recent.Length ? 0 : _recentNext;
        for (int i = 0; i < _recentCount; i++)
        {
            recent.Add(_recent[(start + i) % _recent.Length]!);
        }

        return recent;
    }

    /// <summary>The training set: the reservoir plus recent windows not already in it, in admission order of the reservoir.</summary>
    public IReadOnlyList<SampleWindow> TrainingWindows()
    {
        HashSet<SampleWindow> seen = new(_reservoir, ReferenceEqualityComparer.Instance);
        List<SampleWindow> all = [.. _reservoir];
        all.AddRange(Recent().Where(seen.Add));
        return all;
    }

    /// <summary>Offers a scored window; it is quarantined, excluded (counted by reason) or, later, admitted.</summary>
    public void Offer(SampleWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        SensorState sensor = Sensor(window.SensorId);
        ReleaseUpTo(sensor, window.EndMs);
        if ((window.Anomalous && !_options.AdmitUnalerted) || !double.IsFinite(window.Score) || !AllFinite(window.Values))
        {
            Composition.CountExcluded(ExclusionReason.NotNormal);
            return;
        }

        ExclusionReason? reason = sensor.InMaintenance ? ExclusionReason.Maintenance
            : sensor.HealthFault ? ExclusionReason.HealthFault
            : sensor.LastAlertMs is long alert && window.StartMs <= alert + _options.AlertMarginMs && window.EndMs >= alert - _options.AlertMarginMs ? ExclusionReason.NearAlert
            : !window.Anomalous && IsTopScore(window.Score) ? ExclusionReason.TopScore
            : null;
        if (!window.Anomalous)
        {
            RecordScore(window.Score);
        }

        if (reason is ExclusionReason excluded)
        {
            Composition.CountExcluded(excluded);
            return;
        }

        if (sensor.Quarantine.Count == _options.QuarantineCapacity)
        {
            sensor.Quarantine.Dequeue();
            Composition.CountExcluded(ExclusionReason.QuarantineOverflow);
        }

        sensor.Quarantine.Enqueue(window);
    }

    /// <summary>An alert of <paramref name="sensorId"/> at event time <paramref name="alertMs"/>: drops quarantined windows within the margin before it.</summary>
    public void ReportAlert(string sensorId, long alertMs)
    {
        SensorState sensor = Sensor(sensorId);
        sensor.LastAlertMs = sensor.LastAlertMs is long last ? Math.Max(last, alertMs) : alertMs;
        int count = sensor.Quarantine.Count;
        for (int i = 0; i < count; i++)
        {
            SampleWindow waiting = sensor.Quarantine.Dequeue();
            if (waiting.EndMs >= alertMs - _options.AlertMarginMs && waiting.StartMs <= alertMs + _options.AlertMarginMs)
            {
                Composition.CountExcluded(ExclusionReason.NearAlert);
            }
            else
            {
                sensor.Quarantine.Enqueue(waiting);
            }
        }
    }

    /// <summary>Operator verdict "false positive": the window is admitted directly, bypassing the alert and score guards.</summary>
    public void AdmitFalsePositive(SampleWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (!AllFinite(window.Values))
        {
            Composition.CountExcluded(ExclusionReason.NotNormal);
            return;
        }

        Admit(window, SampleSource.FalsePositiveFeedback);
    }

    /// <summary>Maintenance start/end for a sensor; while on, its windows are kept out and its quarantine is dropped.</summary>
    public void SetMaintenance(string sensorId, bool active)
    {
        SensorState sensor = Sensor(sensorId);
        sensor.InMaintenance = active;
        DropQuarantine(sensor, active, ExclusionReason.Maintenance);
    }

    /// <summary>A sensor-health fault opened or closed; while open, its windows are kept out and its quarantine is dropped.</summary>
    public void SetHealthFault(string sensorId, bool open)
    {
        SensorState sensor = Sensor(sensorId);
        sensor.HealthFault = open;
        DropQuarantine(sensor, open, ExclusionReason.HealthFault);
    }

    /// <summary>Admits every quarantined window (all sensors) that ended at least the margin before <paramref name="nowMs"/>.</summary>
    public void Flush(long nowMs)
    {
        foreach (SensorState sensor in _sensors.Values)
        {
            ReleaseUpTo(sensor, nowMs);
        }
    }

    private void ReleaseUpTo(SensorState sensor, long nowMs)
    {
        while (sensor.Quarantine.Count > 0 && sensor.Quarantine.Peek().EndMs + _options.AlertMarginMs <= nowMs)
        {
            Admit(sensor.Quarantine.Dequeue(), SampleSource.ScoredNormal);
        }
    }

    private void Admit(SampleWindow window, SampleSource source)
    {
        // Algorithm R: the n-th admitted window replaces a uniform slot with probability size/n.
        // Exponential (biased reservoir, λ = 1/size): once full, it always replaces a uniform slot.
        _admittedTotal++;
        if (_reservoir.Count < _options.ReservoirSize)
        {
            _reservoir.Add(window);
        }
        else if (_options.Policy == ReservoirPolicy.Exponential)
        {
            _reservoir[_random.Next(_options.ReservoirSize)] = window;
        }
        else
        {
            long slot = _random.NextInt64(_admittedTotal);
            if (slot < _options.ReservoirSize)
            {
                _reservoir[(int)slot] = window;
            }
        }

        _recent[_recentNext] = window;
        _recentNext = (_recentNext + 1) % _recent.Length;
        _recentCount = Math.Min(_recentCount + 1, _recent.Length);
        Composition.CountAdmitted(window, source);
    }

    private bool IsTopScore(double score)
    {
        if (_options.TopScoreFraction <= 0 || _scoreCount < _options.MinScoreHistory)
        {
            return false;
        }

        double[] sorted = _scoreHistory[.._scoreCount];
        Array.Sort(sorted);
        int cut = (int)Math.Floor((1 - _options.TopScoreFraction) * _scoreCount);
        return score > sorted[Math.Min(cut, _scoreCount - 1)];
    }

    private void RecordScore(double score)
    {
        _scoreHistory[_scoreNext] = score;
        _scoreNext = (_scoreNext + 1) % _scoreHistory.Length;
        _scoreCount = Math.Min(_scoreCount + 1, _scoreHistory.Length);
    }

    private void DropQuarantine(SensorState sensor, bool drop, ExclusionReason reason)
    {
        while (drop && sensor.Quarantine.Count > 0)
        {
            sensor.Quarantine.Dequeue();
            Composition.CountExcluded(reason);
        }
    }

    private SensorState Sensor(string sensorId)
    {
        ArgumentException.ThrowIfNullOrEmpty(sensorId);
        if (!_sensors.TryGetValue(sensorId, out SensorState? state))
        {
            state = new SensorState();
            _sensors[sensorId] = state;
        }

        return state;
    }

    private static bool AllFinite(float[] values)
    {
        foreach (float v in values)
        {
            if (!float.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }

    private sealed class SensorState
    {
        public Queue<SampleWindow> Quarantine { get; } = new();

        public long? LastAlertMs { get; set; }

        public bool InMaintenance { get; set; }

        public bool HealthFault { get; set; }
    }
}
