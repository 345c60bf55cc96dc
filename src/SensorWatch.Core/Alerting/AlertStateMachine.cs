namespace SensorWatch.Core.Alerting;

/// <summary>
/// Per-sensor alert hysteresis. Pure and single-threaded: one instance per (sensor, model), fed the sensor's scored
/// windows in order; its whole state is <see cref="State"/>, which the worker may checkpoint and restore.
/// <list type="bullet">
/// <item>No alert open: k anomalous windows in a row open one (<see cref="AlertTransitionKind.Open"/>); a normal window
/// resets the run. The alert id is <see cref="AlertIds.Create"/> of the run's first window start.</item>
/// <item>Alert open: an <see cref="AlertTransitionKind.Update"/> is emitted only when a window's severity is at least
/// <see cref="AlertPolicy.SeverityStep"/> points above the severity last sent; m normal windows in a row resolve it
/// (severity reported is the alert's peak). An anomalous window resets the normal run.</item>
/// <item>Replays: a window whose end is not after the last window end seen is ignored
/// (<see cref="AlertTransitionKind.Replay"/>), so a duplicate delivery never counts twice.</item>
/// <item>Maintenance: <see cref="StartMaintenance"/> resolves an open alert and mutes the sensor; muted windows advance
/// the replay guard but never open an alert; <see cref="EndMaintenance"/> unmutes with fresh counters.</item>
/// </list>
/// </summary>
public sealed class AlertStateMachine
{
    private readonly AlertPolicy _policy;
    private readonly AlertState _state;

    /// <summary>Creates the machine for one sensor and model, optionally restoring a checkpointed state (copied).</summary>
    /// <exception cref="ArgumentException">The policy is invalid (the message lists every error).</exception>
    public AlertStateMachine(string sensorId, string model, AlertPolicy policy, AlertState? state = null)
    {
        ArgumentNullException.ThrowIfNull(sensorId);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(policy);
        IReadOnlyList<string> errors = policy.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid alert policy: " + string.Join(" ", errors), nameof(policy));
        }

        SensorId = sensorId;
        Model = model;
        _policy = policy;
        _state = state?.Clone() ?? new AlertState();
    }

    /// <summary>The sensor this machine tracks.</summary>
    public string SensorId { get; }

    /// <summary>The model key, part of the alert id.</summary>
    public string Model { get; }

    /// <summary>A copy of the current state, for checkpointing.</summary>
    public AlertState State => _state.Clone();

    /// <summary>True while an alert is open.</summary>
    public bool IsOpen => _state.OpenAlertId is not null;

    /// <summary>True while the sensor is in maintenance.</summary>
    public bool IsMuted => _state.Muted;

    /// <summary>
    /// Counts the steps that changed anything but the replay guard (<see cref="AlertState.LastWindowEndMs"/>): an open,
    /// update or resolve, a counter moving, maintenance. The worker checkpoints <see cref="State"/> when it moves.
    /// </summary>
    public long Revision { get; private set; }

    /// <summary>Feeds one scored window (in time order) and says what to publish.</summary>
    /// <exception cref="ArgumentException">The window does not end after it starts, or severity is outside 0–100.</exception>
    public AlertTransition Observe(in WindowVerdict window)
    {
        if (window.WindowEndMs <= window.WindowStartMs)
        {
            throw new ArgumentException($"Window end {window.WindowEndMs} must be after its start {window.WindowStartMs}.", nameof(window));
        }

        if (window.Severity is < 0 or > 100)
        {
            throw new ArgumentException($"Severity must be 0-100, got {window.Severity}.", nameof(window));
        }

        if (window.WindowEndMs <= _state.LastWindowEndMs)
        {
            return Transition(AlertTransitionKind.Replay, window, _state.OpenAlertId, 0);
        }

        _state.LastWindowEndMs = window.WindowEndMs;
        if (_state.Muted)
        {
            return Transition(AlertTransitionKind.None, window, null, 0);
        }

        Material before = Material.Of(_state);
        AlertTransition result = _state.OpenAlertId is null ? ObserveClosed(window) : ObserveOpen(window);
        if (Material.Of(_state) != before)
        {
            Revision++;
        }

        return result;
    }

    /// <summary>Mutes the sensor. If an alert is open it resolves now (the returned transition, ByMaintenance set).</summary>
    public AlertTransition StartMaintenance()
    {
        AlertTransition result = default;
        if (_state.OpenAlertId is not null)
        {
            result = new AlertTransition(AlertTransitionKind.Resolved, _state.OpenAlertId, _state.RunStartMs, _state.LastWindowEndMs,
                0, 0, _state.PeakSeverity, _state.OpenedAtMs, ByMaintenance: true);
        }

        ResetCounters();
        _state.Muted = true;
        Revision++;
        return result;
    }

    /// <summary>Unmutes the sensor; counting starts afresh with the next window.</summary>
    public void EndMaintenance()
    {
        ResetCounters();
        _state.Muted = false;
        Revision++;
    }

    private AlertTransition ObserveClosed(in WindowVerdict window)
    {
        if (!window.Anomalous)
        {
            _state.AnomalousRun = 0;
            return Transition(AlertTransitionKind.None, window, null, 0);
        }

        if (_state.AnomalousRun == 0)
        {
            _state.RunStartMs = window.WindowStartMs;
        }

        _state.AnomalousRun++;
        if (_state.AnomalousRun < _policy.OpenAfter)
        {
            return Transition(AlertTransitionKind.None, window, null, 0);
        }

        _state.OpenAlertId = AlertIds.Create(SensorId, Model, _state.RunStartMs);
        _state.OpenedAtMs = window.WindowEndMs;
        _state.AnomalousRun = 0;
        _state.NormalRun = 0;
        _state.LastSentSeverity = window.Severity;
        _state.PeakSeverity = window.Severity;
        return Transition(AlertTransitionKind.Open, window, _state.OpenAlertId, window.Severity);
    }

    private AlertTransition ObserveOpen(in WindowVerdict window)
    {
        string alertId = _state.OpenAlertId!;
        if (window.Anomalous)
        {
            _state.NormalRun = 0;
            _state.PeakSeverity = Math.Max(_state.PeakSeverity, window.Severity);
            if (window.Severity - _state.LastSentSeverity >= _policy.SeverityStep)
            {
                _state.LastSentSeverity = window.Severity;
                return Transition(AlertTransitionKind.Update, window, alertId, window.Severity);
            }

            return Transition(AlertTransitionKind.None, window, alertId, 0);
        }

        _state.NormalRun++;
        if (_state.NormalRun < _policy.ResolveAfter)
        {
            return Transition(AlertTransitionKind.None, window, alertId, 0);
        }

        int peak = _state.PeakSeverity;
        AlertTransition resolved = Transition(AlertTransitionKind.Resolved, window, alertId, peak);
        ResetCounters();
        return resolved;
    }

    private void ResetCounters()
    {
        _state.OpenAlertId = null;
        _state.AnomalousRun = 0;
        _state.NormalRun = 0;
        _state.RunStartMs = 0;
        _state.OpenedAtMs = 0;
        _state.LastSentSeverity = 0;
        _state.PeakSeverity = 0;
    }

    /// <summary>Everything in <see cref="AlertState"/> but the replay guard, compared without allocating.</summary>
    private readonly record struct Material(int AnomalousRun, int NormalRun, long RunStartMs, string? OpenAlertId, int LastSentSeverity, int PeakSeverity)
    {
        public static Material Of(AlertState state) =>
            new(state.AnomalousRun, state.NormalRun, state.RunStartMs, state.OpenAlertId, state.LastSentSeverity, state.PeakSeverity);
    }

    private AlertTransition Transition(AlertTransitionKind kind, in WindowVerdict window, string? alertId, int severity) =>
        new(kind, alertId, window.WindowStartMs, window.WindowEndMs, window.Score, window.Threshold, severity, _state.OpenedAtMs);
}
