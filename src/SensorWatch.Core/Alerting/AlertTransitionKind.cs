namespace SensorWatch.Core.Alerting;

/// <summary>What one observed window did to a sensor's alert.</summary>
public enum AlertTransitionKind
{
    /// <summary>Nothing to publish.</summary>
    None,

    /// <summary>An alert opened (k anomalous windows in a row): publish state <c>open</c>.</summary>
    Open,

    /// <summary>The open alert's severity rose by at least the policy's step: publish state <c>update</c>.</summary>
    Update,

    /// <summary>The open alert resolved (m normal windows in a row, or maintenance began): publish state <c>resolved</c>.</summary>
    Resolved,

    /// <summary>The window ends at or before the last window seen (a replay or a late duplicate): ignored, state unchanged.</summary>
    Replay,
}
