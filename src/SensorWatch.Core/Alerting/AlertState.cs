namespace SensorWatch.Core.Alerting;

/// <summary>
/// The whole state of one sensor's <see cref="AlertStateMachine"/>: plain settable properties so the worker can
/// checkpoint it with any serializer (System.Text.Json round-trips it) and restore it with
/// <see cref="AlertStateMachine(string, string, AlertPolicy, AlertState?)"/>.
/// </summary>
public sealed class AlertState
{
    /// <summary>End of the newest window observed (Unix ms); windows ending at or before it are replays and ignored. <c>long.MinValue</c> before the first window.</summary>
    public long LastWindowEndMs { get; set; } = long.MinValue;

    /// <summary>Anomalous windows in a row while no alert is open (counts up to k).</summary>
    public int AnomalousRun { get; set; }

    /// <summary>Normal windows in a row while an alert is open (counts up to m).</summary>
    public int NormalRun { get; set; }

    /// <summary>Start (Unix ms) of the first window of the current anomalous run; the alert id derives from it.</summary>
    public long RunStartMs { get; set; }

    /// <summary>The id of the open alert, or null when none is open.</summary>
    public string? OpenAlertId { get; set; }

    /// <summary>When the open alert opened (end of the k-th anomalous window, Unix ms).</summary>
    public long OpenedAtMs { get; set; }

    /// <summary>The severity last published for the open alert (open or update).</summary>
    public int LastSentSeverity { get; set; }

    /// <summary>The highest severity seen while the alert is open.</summary>
    public int PeakSeverity { get; set; }

    /// <summary>True while the sensor is in maintenance: windows are tracked but no alert opens.</summary>
    public bool Muted { get; set; }

    /// <summary>A deep copy (the state holds only values).</summary>
    public AlertState Clone() => (AlertState)MemberwiseClone();
}
