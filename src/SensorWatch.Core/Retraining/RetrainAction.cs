using SensorWatch.Core.Scoring;

namespace SensorWatch.Core.Retraining;

/// <summary>
/// One instruction from <see cref="RetrainingCoordinator.Poll"/>. For Promote and RollBack, <see cref="Detector"/> is
/// the model to serve and <see cref="Version"/> its version (also in its lineage <c>version</c>); for Rejected they
/// are null. <see cref="Decision"/> is the gate decision behind it (null for None).
/// </summary>
internal sealed record RetrainAction(RetrainActionKind Kind, AnomalyDetector? Detector, string? Version, GateDecision? Decision)
{
    /// <summary>The "nothing to do" action.</summary>
    public static RetrainAction None { get; } = new(RetrainActionKind.None, null, null, null);

    /// <inheritdoc/>
    public override string ToString() => Kind == RetrainActionKind.None ? "None" : $"{Kind} {Version} — {Decision}";
}
