using SensorWatch.Configuration;

namespace SensorWatch.Roles.Scorer;

/// <summary>
/// Configuration section <c>Scorer</c>: batching, back-pressure, cold start and alert hysteresis of the scorer role.
/// </summary>
internal sealed class ScorerOptions
{
    public const string SectionName = "Scorer";

    /// <summary>Most windows of one model key scored in one matrix-matrix batch.</summary>
    public int MaxBatchSize { get; set; } = 128;

    /// <summary>Longest a window waits for its batch to fill before it is scored anyway.</summary>
    public int MaxBatchDelayMs { get; set; } = 20;

    /// <summary>Consumed windows not yet acknowledged above which the partitions are paused (polling continues).</summary>
    public int MaxInFlightWindows { get; set; } = 20000;

    /// <summary>Windows collected for a model key with no model before its first model is trained (cold start).</summary>
    public int ProbationWindows { get; set; } = 300;

    /// <summary>The model key of windows that name none.</summary>
    public string DefaultModel { get; set; } = "default";

    /// <summary>When false, a window for a key with no model is dead-lettered (<c>unknown-model</c>) instead of starting a cold start.</summary>
    public bool ColdStart { get; set; } = true;

    /// <summary>Directory of model snapshots loaded at start and written after each cold-start training; empty disables.</summary>
    public string ModelStore { get; set; } = "";

    /// <summary>Put the autoencoder's latent code into each score record.</summary>
    public bool IncludeLatent { get; set; }

    /// <summary>k: anomalous windows in a row that open an alert.</summary>
    public int AlertOpenAfter { get; set; } = 3;

    /// <summary>m: normal windows in a row that resolve an open alert.</summary>
    public int AlertResolveAfter { get; set; } = 5;

    /// <summary>Severity points an open alert must rise before it is re-sent as an update.</summary>
    public int AlertSeverityStep { get; set; } = 15;

    /// <summary>Cold-start model: hidden units per LSTM layer.</summary>
    public int ColdStartHidden { get; set; } = 16;

    /// <summary>Cold-start model: latent size.</summary>
    public int ColdStartLatent { get; set; } = 8;

    /// <summary>Cold-start model: training epochs (upper bound; early stopping may end sooner).</summary>
    public int ColdStartEpochs { get; set; } = 15;

    /// <summary>Threads the background training may use (keep below the core count so the loop keeps polling).</summary>
    public int TrainingThreads { get; set; } = 1;

    /// <summary>Target false-alarm rate used to calibrate the cold-start threshold.</summary>
    public double TargetFalseAlarmRate { get; set; } = 0.005;

    /// <summary>Routing of sensors to model keys by sensorId pattern (first match wins; then <see cref="DefaultModel"/>).</summary>
    public List<ModelRule> ModelRules { get; set; } = [];

    /// <summary>Caps that bound the work per message (section <c>Scorer:Limits</c>).</summary>
    public MessageLimitsOptions Limits { get; set; } = new();

    public void Validate(ICollection<string> errors)
    {
        foreach (string error in Limits.Validate())
        {
            errors.Add(error);
        }

        for (int i = 0; i < ModelRules.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(ModelRules[i].Pattern) || string.IsNullOrWhiteSpace(ModelRules[i].Model))
            {
                errors.Add($"Scorer:ModelRules:{i} needs both Pattern and Model.");
            }
        }

        Range(MaxBatchSize, 1, 4096, nameof(MaxBatchSize), errors);
        Range(MaxBatchDelayMs, 0, 60000, nameof(MaxBatchDelayMs), errors);
        Range(MaxInFlightWindows, 1, 10_000_000, nameof(MaxInFlightWindows), errors);
        Range(ProbationWindows, 16, 1_000_000, nameof(ProbationWindows), errors);
        Range(AlertOpenAfter, 1, 10000, nameof(AlertOpenAfter), errors);
        Range(AlertResolveAfter, 1, 10000, nameof(AlertResolveAfter), errors);
        Range(AlertSeverityStep, 1, 100, nameof(AlertSeverityStep), errors);
        Range(ColdStartHidden, 1, 1024, nameof(ColdStartHidden), errors);
        Range(ColdStartLatent, 1, 1024, nameof(ColdStartLatent), errors);
        Range(ColdStartEpochs, 1, 10000, nameof(ColdStartEpochs), errors);
        Range(TrainingThreads, 1, 256, nameof(TrainingThreads), errors);
        if (MaxInFlightWindows < MaxBatchSize)
        {
            errors.Add($"Scorer:MaxInFlightWindows ({MaxInFlightWindows}) must be at least Scorer:MaxBatchSize ({MaxBatchSize}).");
        }

        if (string.IsNullOrWhiteSpace(DefaultModel))
        {
            errors.Add("Scorer:DefaultModel is empty; name the model key of windows that give none.");
        }

        if (!(TargetFalseAlarmRate > 0 && TargetFalseAlarmRate < 0.5))
        {
            errors.Add($"Scorer:TargetFalseAlarmRate is {TargetFalseAlarmRate}; it must be above 0 and below 0.5.");
        }

        if (!string.IsNullOrEmpty(ModelStore) && ModelStore.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            errors.Add($"Scorer:ModelStore '{ModelStore}' is not a valid path.");
        }
    }

    private static void Range(int value, int min, int max, string name, ICollection<string> errors)
    {
        if (value < min || value > max)
        {
            errors.Add($"Scorer:{name} is {value}; it must be between {min} and {max}.");
        }
    }
}
