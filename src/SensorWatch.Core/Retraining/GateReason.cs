namespace SensorWatch.Core.Retraining;

/// <summary>The rule behind a <see cref="GateDecision"/>.</summary>
internal enum GateReason
{
    /// <summary>Every offline check passed.</summary>
    OfflineChecksPassed,

    /// <summary>The trainer reported that training did not converge.</summary>
    NotConverged,

    /// <summary>A training loss or a holdout figure is NaN or infinite.</summary>
    NonFinite,

    /// <summary>The last training loss is not below the first.</summary>
    LossDidNotDecrease,

    /// <summary>The holdout is empty or smaller than the minimum.</summary>
    HoldoutTooSmall,

    /// <summary>The candidate's holdout loss exceeds the current model's by more than the tolerance.</summary>
    WorseOnHoldout,

    /// <summary>The candidate alarms on too many accepted-normal holdout windows.</summary>
    HoldoutFalseAlarmsAboveTarget,

    /// <summary>Shadow scoring still running.</summary>
    ShadowRunning,

    /// <summary>The candidate's live alert rate in shadow exceeded the budget.</summary>
    ShadowAlertRateOverBudget,

    /// <summary>Shadow scoring finished within budget.</summary>
    ShadowPassed,

    /// <summary>Watch period after promotion still running.</summary>
    Watching,

    /// <summary>The alert rate after promotion spiked above the rollback factor.</summary>
    AlertRateSpike,

    /// <summary>The watch period finished without a spike.</summary>
    WatchPassed,

    /// <summary>Training threw or produced no usable model (e.g. no finite calibration score).</summary>
    TrainingFailed,

    /// <summary>The cycle was abandoned: the host is stopping, or another model was set while it ran.</summary>
    Abandoned,

    /// <summary>The candidate passed every check but the key is pinned by an operator (<c>sensorwatch model pin</c>): not promoted.</summary>
    Pinned,
}
