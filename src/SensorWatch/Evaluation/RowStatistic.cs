namespace SensorWatch.Evaluation;

/// <summary>
/// The simple per-step statistic combined with the autoencoder: r_t = max_d |x_td − μ_d| / s_d with μ, s the
/// per-feature mean and floored standard deviation of the training rows (the "zmax" baseline of the SMD literature).
/// It catches a reading far outside anything seen in training, which a window model may partly reconstruct.
/// </summary>
internal static class RowStatistic
{
    /// <summary>(N) statistic of every row of <paramref name="rows"/> (N, D) under the first <paramref name="trainRows"/> rows; missing (NaN) cells are skipped.</summary>
    public static double[] Compute(ReadOnlySpan<float> rows, int features, int trainRows)
    {
        int n = rows.Length / features;
        double[] mean = new double[features];
        double[] scale = new double[features];
        for (int d = 0; d < features; d++)
        {
            double sum = 0.0, squares = 0.0;
            int count = 0;
            for (int t = 0; t < trainRows; t++)
            {
                double x = rows[(t * features) + d];
                if (!double.IsNaN(x))
                {
                    sum += x;
                    squares += x * x;
                    count++;
                }
            }

            mean[d] = count == 0 ? 0.0 : sum / count;
            scale[d] = count == 0 ? 0.0 : Math.Sqrt(Math.Max(0.0, (squares / count) - (mean[d] * mean[d])));
        }

        double[] positive = [.. scale.Where(s => s > 0).Order()];
        double floor = Math.Max(1e-6, positive.Length == 0 ? 1e-3 : 0.01 * positive[positive.Length / 2]);
        double[] result = new double[n];
        for (int t = 0; t < n; t++)
        {
            double max = 0.0;
            for (int d = 0; d < features; d++)
            {
                double x = rows[(t * features) + d];
                if (!double.IsNaN(x))
                {
                    max = Math.Max(max, Math.Abs(x - mean[d]) / Math.Max(scale[d], floor));
                }
            }

            result[t] = max;
        }

        return result;
    }

    /// <summary>
    /// (N) change statistic c_t = max_d |x_td − x_(t−1)d| / s'_d, with s'_d the floored standard deviation of the
    /// training rows' first differences: a jump between consecutive readings (c_0 = 0).
    /// </summary>
    public static double[] ComputeChange(ReadOnlySpan<float> rows, int features, int trainRows)
    {
        int n = rows.Length / features;
        float[] differences = new float[n * features];
        for (int t = 1; t < n; t++)
        {
            for (int d = 0; d < features; d++)
            {
                differences[(t * features) + d] = rows[(t * features) + d] - rows[((t - 1) * features) + d];
            }
        }

        double[] result = Compute(differences, features, trainRows);
        result[0] = 0.0;
        return result;
    }
}
