namespace SensorWatch.Core.Tests.Model;

/// <summary>
/// The one finite-difference checker of the test suite. The loss is evaluated in double precision (by the scalar
/// reference), so the central difference (L(θ+h) − L(θ−h)) / 2h with h = 1e-5 is accurate to about 1e-9, and the
/// float32 analytic gradient is compared against it element by element.
/// </summary>
internal static class FiniteDifference
{
    /// <summary>Central-difference step.</summary>
    public const double Step = 1e-5;

    /// <summary>Allowed |analytic − numeric| relative to max(|numeric|, the tensor's largest |numeric| · 1e-2, 1e-4).</summary>
    public const double Tolerance = 2e-3;

    /// <summary>
    /// Checks every element of <paramref name="values"/> (perturbed in place and restored) against
    /// <paramref name="analytic"/>; returns the number of elements checked. Fails naming the tensor and element.
    /// </summary>
    public static int Check(string name, double[] values, ReadOnlySpan<float> analytic, Func<double> loss)
    {
        Assert.Equal(values.Length, analytic.Length);
        double[] numeric = new double[values.Length];
        double largest = 0;
        for (int i = 0; i < values.Length; i++)
        {
            double saved = values[i];
            values[i] = saved + Step;
            double plus = loss();
            values[i] = saved - Step;
            double minus = loss();
            values[i] = saved;
            numeric[i] = (plus - minus) / (2 * Step);
            largest = Math.Max(largest, Math.Abs(numeric[i]));
        }

        for (int i = 0; i < values.Length; i++)
        {
            double scale = Math.Max(Math.Max(Math.Abs(numeric[i]), largest * 1e-2), 1e-4);
            double error = Math.Abs(analytic[i] - numeric[i]) / scale;
            Assert.True(error <= Tolerance,
                $"{name}[{i}]: analytic {analytic[i]:G9}, numeric {numeric[i]:G9}, relative error {error:G3} > {Tolerance}.");
        }

        return values.Length;
    }
}
