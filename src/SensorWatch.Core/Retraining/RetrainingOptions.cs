namespace SensorWatch.Core.Retraining;

/// <summary>
/// Configuration section <c>Retraining</c> of a <see cref="RetrainingCoordinator"/>: the schedule (time and/or count),
/// the training budget, and the <see cref="AcceptedSampleOptions"/> (<c>Retraining:Sample</c>) and
/// <see cref="PromotionGateOptions"/> (<c>Retraining:Gate</c>) subsections. <see cref="Validate"/> lists every bad
/// value with its configuration path.
/// </summary>
internal sealed record RetrainingOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "Retraining";

    /// <summary>Time schedule: a retrain is due this long after the previous one started (or the model was set); zero = off.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromHours(6);

    /// <summary>Count schedule: a retrain is due once this many windows were admitted to the sample since the previous one; 0 = off.</summary>
    public int MinNewWindows { get; init; } = 5000;

    /// <summary>No retrain starts before the sample holds this many training windows.</summary>
    public int MinTrainingWindows { get; init; } = 512;

    /// <summary>Most training epochs of a candidate (early stopping may end sooner).</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Windows per mini-batch.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Adam step size of a retrain (smaller than a cold start's: a warm start only adapts).</summary>
    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>CPU budget: training threads of a retrain (it runs on a below-normal-priority background thread).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Start from the current model's weights (same architecture) instead of a fresh initialisation.</summary>
    public bool WarmStart { get; init; } = true;

    /// <summary>Live windows the candidate scores per batch in shadow.</summary>
    public int ShadowBatchSize { get; init; } = 32;

    /// <summary>
    /// The accepted-normal sample (<c>Retraining:Sample</c>). Unlike a bare <see cref="AcceptedSampleOptions"/>, retraining
    /// admits unalerted anomalous windows by default (<see cref="AcceptedSampleOptions.AdmitUnalerted"/>): with only the
    /// served model's normal verdicts the sample and the holdout are biased towards the served model and a gradual drift
    /// is never learned (measured in docs/retraining.md, "Drift replay").
    /// </summary>
    public AcceptedSampleOptions Sample { get; init; } = new() { AdmitUnalerted = true };

    /// <summary>The promotion gate (<c>Retraining:Gate</c>).</summary>
    public PromotionGateOptions Gate { get; init; } = new();

    /// <summary>Every problem with the options, each prefixed with its configuration path; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        List<string> errors = [];
        if (Interval < TimeSpan.Zero)
        {
            errors.Add($"{Section}:Interval must be 0 (off) or positive, got {Interval}.");
        }

        if (MinNewWindows < 0)
        {
            errors.Add($"{Section}:MinNewWindows must be 0 (off) or positive, got {MinNewWindows}.");
        }

        if (Interval == TimeSpan.Zero && MinNewWindows == 0)
        {
            errors.Add($"{Section}: Interval and MinNewWindows are both 0: retraining would never run (set one, or do not enable retraining).");
        }

        if (MinTrainingWindows < 10)
        {
            errors.Add($"{Section}:MinTrainingWindows must be at least 10, got {MinTrainingWindows}.");
        }

        if (Epochs is < 2 or > 1000)
        {
            errors.Add($"{Section}:Epochs must be 2 to 1000 (the gate needs two losses to see a decrease), got {Epochs}.");
        }

        if (BatchSize is < 1 or > 4096)
        {
            errors.Add($"{Section}:BatchSize must be 1 to 4096, got {BatchSize}.");
        }

        if (!(float.IsFinite(LearningRate) && LearningRate > 0 && LearningRate <= 1))
        {
            errors.Add($"{Section}:LearningRate must be in (0, 1], got {LearningRate}.");
        }

        if (Threads is < 1 or > 256)
        {
            errors.Add($"{Section}:Threads must be 1 to 256, got {Threads}.");
        }

        if (ShadowBatchSize is < 1 or > 4096)
        {
            errors.Add($"{Section}:ShadowBatchSize must be 1 to 4096, got {ShadowBatchSize}.");
        }

        if (Sample is null)
        {
            errors.Add($"{Section}:Sample is required.");
        }
        else
        {
            errors.AddRange(Sample.Validate().Select(e => $"{Section}:Sample:{e}"));
        }

        if (Gate is null)
        {
            errors.Add($"{Section}:Gate is required.");
        }
        else
        {
            errors.AddRange(Gate.Validate().Select(e => $"{Section}:Gate:{e}"));
        }

        return errors;
    }
}
