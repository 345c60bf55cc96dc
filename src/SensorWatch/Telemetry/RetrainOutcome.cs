namespace SensorWatch.Telemetry;

/// <summary>How one retraining attempt ended (the tag <c>sensorwatch.retrain.outcome</c>).</summary>
internal enum RetrainOutcome
{
    /// <summary>The candidate passed the promotion gate and now serves.</summary>
    Promoted,

    /// <summary>The candidate failed the gate (a reason code says which check).</summary>
    Rejected,

    /// <summary>An operator or the worker rolled back to an earlier version.</summary>
    RolledBack,
}
