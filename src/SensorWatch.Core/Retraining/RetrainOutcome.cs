namespace SensorWatch.Core.Retraining;

/// <summary>How one retraining cycle (or its watch period) ended; the label of the retrain metrics.</summary>
internal enum RetrainOutcome
{
    /// <summary>The candidate passed the offline checks and the shadow run and is now served.</summary>
    Promoted,

    /// <summary>The candidate was rejected (training failed, offline checks or shadow); <see cref="RetrainEvent.Reason"/> says why.</summary>
    Rejected,

    /// <summary>The promoted model's alert rate spiked during the watch period; the previous model is served again.</summary>
    RolledBack,

    /// <summary>The promoted model passed its watch period.</summary>
    Kept,

    /// <summary>The cycle was abandoned (host stopping, or another model was set meanwhile); nothing was promoted.</summary>
    Abandoned,
}
