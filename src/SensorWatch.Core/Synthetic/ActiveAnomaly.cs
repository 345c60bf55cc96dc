namespace SensorWatch.Core.Synthetic;

/// <summary>An event being injected and the parameters drawn for it at its start.</summary>
internal sealed class ActiveAnomaly
{
    public ActiveAnomaly(AnomalyEvent groundTruth, int feature, int partner, double amount)
    {
        GroundTruth = groundTruth;
        Feature = feature;
        Partner = partner;
        Amount = amount;
    }

    public AnomalyEvent GroundTruth { get; }

    /// <summary>The altered feature (global index).</summary>
    public int Feature { get; }

    /// <summary>BrokenRelation: the partner feature that keeps the true relation; otherwise -1.</summary>
    public int Partner { get; }

    /// <summary>Kind-specific size: offset in feature units (spike, shift, drift end), noise std (burst),
    /// new period in rows (frequency), speed offset (relation), frozen value (stuck).</summary>
    public double Amount { get; set; }
}
