using System.Collections.Concurrent;

namespace SensorWatch.Roles.Scorer.Feedback;

/// <summary>
/// Per-model-key threshold recalibration from operators' false-positive verdicts. Rule: a false positive on a window
/// (or alert) whose score S is known raises the key's effective threshold to <c>max(current, S × (1 + Margin))</c>, so
/// windows scoring like the marked one stop counting as anomalous; when S is unknown (a window this replica never
/// alerted on) the threshold rises by <see cref="Step"/> of itself. Bounded: never above <see cref="MaxFactor"/> × the
/// model's calibrated threshold, never below it. Reset when a new model version is served for the key (the new model
/// was calibrated on newer data, false positives included by the trainer). Written on the loop thread, read from any
/// thread (the threshold gauge).
/// </summary>
internal sealed class ThresholdRaises
{
    /// <summary>Raise to this fraction above the marked window's score.</summary>
    public const double Margin = 0.05;

    /// <summary>Relative raise when the marked window's score is not known.</summary>
    public const double Step = 0.10;

    /// <summary>The effective threshold never exceeds this multiple of the calibrated one.</summary>
    public const double MaxFactor = 2.0;

    private readonly ConcurrentDictionary<string, Raise> _raises = new(StringComparer.Ordinal);

    /// <summary>Keys with a raise in force.</summary>
    public int Count => _raises.Count;

    /// <summary>
    /// Applies one false positive to <paramref name="modelKey"/> served by <paramref name="version"/> with calibrated
    /// threshold <paramref name="calibrated"/>; <paramref name="score"/> is the marked window's score or NaN. Returns the new
    /// effective threshold.
    /// </summary>
    public double FalsePositive(string modelKey, string version, double calibrated, double score)
    {
        if (!double.IsFinite(calibrated) || calibrated <= 0)
        {
            return calibrated;
        }

        double current = Effective(modelKey, version, calibrated);
        double wanted = double.IsFinite(score) ? Math.Max(current, score * (1 + Margin)) : current * (1 + Step);
        double raised = Math.Clamp(wanted, calibrated, calibrated * MaxFactor);
        _raises[modelKey] = new Raise(version, raised);
        return raised;
    }

    /// <summary>The threshold to apply for <paramref name="modelKey"/> at <paramref name="version"/> (NaN when no raise is in force).</summary>
    public double For(string modelKey, string version)
    {
        if (_raises.IsEmpty || !_raises.TryGetValue(modelKey, out Raise? raise))
        {
            return double.NaN;
        }

        if (raise.Version != version)
        {
            _raises.TryRemove(modelKey, out _); // a new model version is served: its own calibration starts clean
            return double.NaN;
        }

        return raise.Threshold;
    }

    /// <summary>The raise in force for <paramref name="modelKey"/> (its model version and threshold), or null: written into alert checkpoints.</summary>
    public (string Version, double Threshold)? Current(string modelKey) =>
        !_raises.IsEmpty && _raises.TryGetValue(modelKey, out Raise? raise) ? (raise.Version, raise.Threshold) : null;

    /// <summary>
    /// A raise read back from an alert checkpoint (restart or rebalance): for the same version the higher threshold wins;
    /// a raise for another version replaces none in force (the served version decides at <see cref="For"/>).
    /// </summary>
    public void Restore(string modelKey, string version, double threshold)
    {
        if (!double.IsFinite(threshold) || threshold <= 0)
        {
            return;
        }

        _raises.AddOrUpdate(modelKey, new Raise(version, threshold),
            (_, existing) => existing.Version == version ? existing with { Threshold = Math.Max(existing.Threshold, threshold) } : existing);
    }

    /// <summary>The effective threshold: the raise for this version, or the calibrated one.</summary>
    public double Effective(string modelKey, string? version, double calibrated) =>
        version is not null && _raises.TryGetValue(modelKey, out Raise? raise) && raise.Version == version ? Math.Max(raise.Threshold, calibrated) : calibrated;

    private sealed record Raise(string Version, double Threshold);
}
