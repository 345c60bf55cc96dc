namespace SensorWatch.Core.Retraining;

/// <summary>A promotion-gate decision with its rule and a sentence for logs, metrics and the model's lineage.</summary>
internal sealed record GateDecision(GateOutcome Outcome, GateReason Reason, string Text)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Outcome} ({Reason}): {Text}";
}
