using SensorWatch.Core.Retraining;

namespace SensorWatch.Evaluation.Drift;

/// <summary>
/// One replay mode's outcome. <see cref="FalseAlarmsPerDay"/>: alerts that overlap no injected anomaly, per simulated
/// day (by the day they opened); <see cref="FalseAlertHours"/>: hours per day an alert was open while the window
/// overlapped no anomaly (a flood that never resolves is one alert but 24 h/day); <see cref="NormalWindowFlagRate"/>: fraction of windows overlapping no anomaly that the served model flagged,
/// per day; <see cref="Detected"/> of <see cref="Events"/>: injected anomalies overlapped by an alert.
/// </summary>
internal sealed record DriftReplayResult(
    string Mode,
    int[] FalseAlarmsPerDay,
    double[] FalseAlertHours,
    double[] NormalWindowFlagRate,
    int Events,
    int Detected,
    int Alerts,
    int Retrains,
    int Promoted,
    int Rejected,
    int RolledBack,
    IReadOnlyDictionary<string, int> RejectionReasons,
    IReadOnlyList<RetrainEvent> RetrainEvents,
    TimeSpan Elapsed)
{
    /// <summary>Mean false alarms per day over the replay.</summary>
    public double MeanFalseAlarmsPerDay => FalseAlarmsPerDay.Length == 0 ? 0 : FalseAlarmsPerDay.Average();

    /// <summary>Mean false-alert hours per day.</summary>
    public double MeanFalseAlertHours => FalseAlertHours.Length == 0 ? 0 : FalseAlertHours.Average();

    /// <summary>Mean flagged fraction of normal windows.</summary>
    public double MeanNormalWindowFlagRate => NormalWindowFlagRate.Length == 0 ? 0 : NormalWindowFlagRate.Average();

    /// <summary>Detected / events (NaN without events).</summary>
    public double Recall => Events == 0 ? double.NaN : (double)Detected / Events;
}
