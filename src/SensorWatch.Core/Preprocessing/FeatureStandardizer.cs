namespace SensorWatch.Core.Preprocessing;

/// <summary>
/// Per-feature standardisation z = clamp((x − mean) / scale, ±clip), fitted on training rows and stored with the model.
/// </summary>
/// <remarks>
/// A constant (or nearly constant) training column has no usable standard deviation, so every scale has a floor:
/// <c>scale_d = max(std_d, RelativeFloor · median of the positive stds, 1e-6)</c>. Without it a column that is
/// constant in training would turn the smallest change at run time into an enormous z and drown every other feature.
/// The clip bounds what one wild reading can contribute to the model input. NaN (missing) stays NaN.
/// </remarks>
public sealed class FeatureStandardizer
{
    /// <summary>Floor on a column's scale, relative to the median positive standard deviation across columns.</summary>
    public const double RelativeFloor = 0.01;

    /// <summary>Default bound on |z|.</summary>
    public const float DefaultClip = 20f;

    private readonly double[] _means; // (D)
    private readonly double[] _scales; // (D)

    /// <summary>Creates a standardiser from stored statistics.</summary>
    public FeatureStandardizer(IReadOnlyList<double> means, IReadOnlyList<double> scales, float clip)
    {
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(scales);
        if (means.Count != scales.Count || means.Count == 0)
        {
            throw new ArgumentException($"means has {means.Count} entries and scales {scales.Count}; both must equal D > 0.");
        }

        for (int d = 0; d < scales.Count; d++)
        {
            if (!(scales[d] > 0) || !double.IsFinite(means[d]) || !double.IsFinite(scales[d]))
            {
                throw new ArgumentException($"Feature {d}: mean {means[d]} and scale {scales[d]} must be finite and the scale positive.");
            }
        }

        if (!(clip > 0))
        {
            throw new ArgumentException($"clip {clip} must be positive.", nameof(clip));
        }

        _means = [.. means];
        _scales = [.. scales];
        Clip = clip;
    }

    /// <summary>D.</summary>
    public int FeatureCount => _means.Length;

    /// <summary>Per-feature means (D).</summary>
    public IReadOnlyList<double> Means => _means;

    /// <summary>Per-feature scales after the floor (D).</summary>
    public IReadOnlyList<double> Scales => _scales;

    /// <summary>Bound on |z|.</summary>
    public float Clip { get; }

    /// <summary>Fits means and floored standard deviations on rows (N, D), ignoring NaN cells.</summary>
    public static FeatureStandardizer Fit(ReadOnlySpan<float> rows, int features, float clip = DefaultClip)
    {
        if (features <= 0 || rows.Length % features != 0)
        {
            throw new ArgumentException($"rows has {rows.Length} cells, not a multiple of D {features}.", nameof(rows));
        }

        double[] sum = new double[features];
        double[] sumSquares = new double[features];
        long[] count = new long[features];
        double[] shift = new double[features]; // first finite value: shifted sums keep precision for large offsets
        bool[] shifted = new bool[features];
        for (int i = 0; i < rows.Length; i++)
        {
            int d = i % features;
            float x = rows[i];
            if (!float.IsFinite(x))
            {
                continue;
            }

            if (!shifted[d])
            {
                shift[d] = x;
                shifted[d] = true;
            }

            double centred = x - shift[d];
            sum[d] += centred;
            sumSquares[d] += centred * centred;
            count[d]++;
        }

        double[] means = new double[features];
        double[] stds = new double[features];
        for (int d = 0; d < features; d++)
        {
            if (count[d] == 0)
            {
                throw new ArgumentException($"Feature {d} has no finite value in the training rows; it cannot be standardised.");
            }

            double mean = sum[d] / count[d];
            means[d] = shift[d] + mean;
            stds[d] = Math.Sqrt(Math.Max(0, (sumSquares[d] / count[d]) - (mean * mean)));
        }

        double[] positive = [.. stds.Where(s => s > 0).Order()];
        double median = positive.Length == 0 ? 1.0 : positive[positive.Length / 2];
        double floor = Math.Max(1e-6, RelativeFloor * median);
        double[] scales = [.. stds.Select(s => Math.Max(s, floor))];
        return new FeatureStandardizer(means, scales, clip);
    }

    /// <summary>Standardises values (…, D) in place; NaN stays NaN.</summary>
    public void Transform(Span<float> values)
    {
        CheckShape(values.Length);
        int features = _means.Length;
        for (int i = 0; i < values.Length; i++)
        {
            int d = i % features;
            float z = (float)((values[i] - _means[d]) / _scales[d]);
            values[i] = float.IsNaN(z) ? float.NaN : Math.Clamp(z, -Clip, Clip);
        }
    }

    /// <summary>Maps standardised values (…, D) back to sensor units in place.</summary>
    public void InverseTransform(Span<float> values)
    {
        CheckShape(values.Length);
        int features = _means.Length;
        for (int i = 0; i < values.Length; i++)
        {
            int d = i % features;
            values[i] = (float)((values[i] * _scales[d]) + _means[d]);
        }
    }

    private void CheckShape(int length)
    {
        if (length % _means.Length != 0)
        {
            throw new ArgumentException($"values has {length} cells, not a multiple of D {_means.Length}.");
        }
    }
}
