namespace SensorWatch.Core.Scoring;

/// <summary>
/// Stuck-sensor rule. A stuck sensor repeats its last reading exactly; the autoencoder reconstructs such a quiet signal
/// well (its error gets smaller, not larger), so the reconstruction score alone misses it. Training measures, per feature,
/// the longest run of exactly equal consecutive readings; at scoring, a run that reaches the last step of the window and
/// is at least <c>limit_d = max(2 × longest training run, MinimumRun)</c> long marks the feature as stuck. Columns that
/// are constant in training get a limit beyond any window and never trigger.
/// </summary>
public sealed class FlatlineRule
{
    /// <summary>Shortest run that can ever count as stuck.</summary>
    public const int MinimumRun = 8;

    private readonly int[] _limits; // (D)

    /// <summary>Creates the rule from stored per-feature limits (D).</summary>
    public FlatlineRule(IReadOnlyList<int> limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (limits.Any(l => l < 1))
        {
            throw new ArgumentException("Every flatline limit must be ≥ 1.", nameof(limits));
        }

        _limits = [.. limits];
    }

    /// <summary>Per-feature run limits (D).</summary>
    public IReadOnlyList<int> Limits => _limits;

    /// <summary>Fits the limits on raw rows (N, D) (NaN breaks a run).</summary>
    public static FlatlineRule Fit(ReadOnlySpan<float> rows, int features)
    {
        int n = rows.Length / features;
        int[] limits = new int[features];
        for (int d = 0; d < features; d++)
        {
            int longest = 1, run = 1;
            for (int r = 1; r < n; r++)
            {
                float previous = rows[((r - 1) * features) + d], current = rows[(r * features) + d];
                run = current == previous ? run + 1 : 1; // NaN never equals: a gap breaks the run
                longest = Math.Max(longest, run);
            }

            limits[d] = (int)Math.Min(int.MaxValue, Math.Max(2L * longest, MinimumRun));
        }

        return new FlatlineRule(limits);
    }

    /// <summary>
    /// For one raw window (T, D): the largest ratio (current run length / limit) over features, and that feature;
    /// a ratio ≥ 1 means stuck. The current run is the run of equal values that ends at the last step.
    /// </summary>
    public (double Ratio, int Feature) Evaluate(ReadOnlySpan<float> window)
    {
        int features = _limits.Length, steps = window.Length / features;
        double best = 0;
        int feature = -1;
        for (int d = 0; d < features; d++)
        {
            float last = window[((steps - 1) * features) + d];
            int run = 1;
            for (int t = steps - 2; t >= 0 && window[(t * features) + d] == last; t--)
            {
                run++;
            }

            double ratio = (double)run / _limits[d];
            if (ratio > best)
            {
                best = ratio;
                feature = d;
            }
        }

        return (best, feature);
    }
}
