using SensorWatch.Core.Alerting;

namespace SensorWatch.Configuration;

/// <summary>Section <c>Scorer</c>: batching, alert hysteresis, cold start, model routing, input limits, readings.</summary>
internal sealed class ScorerOptions
{
    public const string Section = "Scorer";

    /// <summary>Most windows scored in one batch (B).</summary>
    public int BatchSize { get; set; } = 64;

    /// <summary>Longest a window waits for its batch to fill.</summary>
    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Cores one batch is split over when scoring (independent network copies; the loop thread runs one part, pool
    /// threads the rest; batches under 32 windows stay on the loop thread). 0 = one per processor.</summary>
    public int ScoringThreads { get; set; }

    /// <summary>Score a full batch on a dedicated thread while the loop polls and decodes the next one (published in order,
    /// before any other batch is scored). Off by default: no gain was measured on a shared 2-core machine (docs/worker.md).</summary>
    public bool ScoreInBackground { get; set; }

    /// <summary>k: anomalous windows in a row that open an alert.</summary>
    public int OpenAfter { get; set; } = 3;

    /// <summary>m: normal windows in a row that resolve it.</summary>
    public int ResolveAfter { get; set; } = 5;

    /// <summary>Severity points an open alert must rise before an update is sent.</summary>
    public int SeverityStep { get; set; } = 15;

    /// <summary>Windows collected per model key before its first model is trained (the probation period).</summary>
    public int ProbationWindows { get; set; } = 256;

    /// <summary>The model key for sensors no rule matches; empty means such windows are unknown-model.</summary>
    public string DefaultModel { get; set; } = "default";

    /// <summary>sensorId-pattern rules, first match wins.</summary>
    public List<ModelRule> ModelRules { get; set; } = [];

    /// <summary>Include the latent code (Z floats) in score records.</summary>
    public bool IncludeLatent { get; set; }

    /// <summary>Top contributing features listed in an alert.</summary>
    public int TopFeatures { get; set; } = 3;

    public MessageLimitsOptions Limits { get; set; } = new();

    public ReadingsOptions Readings { get; set; } = new();

    /// <summary>The alert policy these options describe.</summary>
    public AlertPolicy AlertPolicy() => new(OpenAfter, ResolveAfter, SeverityStep);

    /// <summary>Every invalid setting, each with its configuration path.</summary>
    public IReadOnlyList<string> Validate()
    {
        List<string> errors = [];
        if (BatchSize is < 1 or > 4096)
        {
            errors.Add($"{Section}:BatchSize must be 1 to 4096 (got {BatchSize}).");
        }

        if (MaxBatchDelay < TimeSpan.Zero || MaxBatchDelay > TimeSpan.FromSeconds(10))
        {
            errors.Add($"{Section}:MaxBatchDelay must be 0 to 10 s (got {MaxBatchDelay}).");
        }

        if (ScoringThreads is < 0 or > 64)
        {
            errors.Add($"{Section}:ScoringThreads must be 0 (one per processor) to 64 (got {ScoringThreads}).");
        }

        errors.AddRange(AlertPolicy().Validate().Select(e => $"{Section}:{e}"));
        if (ProbationWindows is < 1 or > 10_000_000)
        {
            errors.Add($"{Section}:ProbationWindows must be 1 to 10,000,000 (got {ProbationWindows}).");
        }

        if (TopFeatures is < 0 or > 64)
        {
            errors.Add($"{Section}:TopFeatures must be 0 to 64 (got {TopFeatures}).");
        }

        for (int i = 0; i < ModelRules.Count; i++)
        {
            ModelRule rule = ModelRules[i];
            if (string.IsNullOrWhiteSpace(rule.Pattern))
            {
                errors.Add($"{Section}:ModelRules:{i}:Pattern is required.");
            }

            if (string.IsNullOrWhiteSpace(rule.Model))
            {
                errors.Add($"{Section}:ModelRules:{i}:Model is required.");
            }
        }

        errors.AddRange(Limits.Validate($"{Section}:Limits"));
        errors.AddRange(Readings.Validate($"{Section}:Readings"));
        if (Readings.WindowLength > Limits.MaxWindowLength)
        {
            errors.Add($"{Section}:Readings:WindowLength ({Readings.WindowLength}) exceeds {Section}:Limits:MaxWindowLength ({Limits.MaxWindowLength}).");
        }

        return errors;
    }
}
