namespace SensorWatch.Core.Alerting;

/// <summary>
/// The outcome of one <see cref="AlertStateMachine"/> step. For Open/Update/Resolved the fields describe the
/// alert message to publish; for None and Replay only <see cref="Kind"/> matters.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="AlertId">The deterministic alert id (null for None/Replay unless an alert is open).</param>
/// <param name="WindowStartMs">Start of the window that caused the transition.</param>
/// <param name="WindowEndMs">End of the window that caused the transition.</param>
/// <param name="Score">Score of that window.</param>
/// <param name="Threshold">Threshold of that window.</param>
/// <param name="Severity">Severity published: the window's for Open/Update, the alert's peak for Resolved.</param>
/// <param name="OpenedAtMs">When the alert opened (Unix ms).</param>
/// <param name="ByMaintenance">True when a Resolved was caused by maintenance starting rather than by m normal windows.</param>
public readonly record struct AlertTransition(
    AlertTransitionKind Kind,
    string? AlertId,
    long WindowStartMs,
    long WindowEndMs,
    double Score,
    double Threshold,
    int Severity,
    long OpenedAtMs,
    bool ByMaintenance = false)
{
    /// <summary>True when the transition must be published (Open, Update or Resolved).</summary>
    public bool IsPublishable => Kind is AlertTransitionKind.Open or AlertTransitionKind.Update or AlertTransitionKind.Resolved;
}
