namespace SensorWatch.Core.Retraining;

/// <summary>What a <see cref="PromotionGate"/> decision means for the candidate (or, after promotion, the new model).</summary>
internal enum GateOutcome
{
    /// <summary>Not decided yet: keep observing.</summary>
    Pending,

    /// <summary>The offline checks passed: start shadow scoring.</summary>
    StartShadow,

    /// <summary>Shadow passed: promote the candidate.</summary>
    Promote,

    /// <summary>The candidate is rejected; the current model stays.</summary>
    Reject,

    /// <summary>The watch period after promotion passed: keep the new model.</summary>
    Keep,

    /// <summary>The promoted model misbehaves: roll back to the previous version.</summary>
    RollBack,
}
