namespace SensorWatch.Core.Tests.Numerics;

/// <summary>
/// The one place kernel tests take their tolerances from. Errors are scaled by the magnitude of what was summed,
/// so a long dot product of large terms gets a proportionally larger allowance than a short one of small terms.
/// </summary>
internal static class KernelTolerance
{
    /// <summary>Relative allowance per accumulated term of a float32 dot product (a few ulp of 2⁻²⁴).</summary>
    public const double DotRelativePerTerm = 4 * 6e-8;

    /// <summary>Absolute error bound of the fast sigmoid and tanh (measured 8.9e−8; docs/kernels.md).</summary>
    public const double ActivationAbsolute = 1.5e-7;

    /// <summary>Relative error bound of the fast sigmoid and of tanh away from 0 (measured ≤ 1.7e−7).</summary>
    public const double ActivationRelative = 3e-7;

    /// <summary>Allowance for a short chain of float ops on values of the given magnitude (fused gate step).</summary>
    public const double ElementwiseRelative = 2e-6;

    /// <summary>Allowed error of a float dot product of <paramref name="terms"/> terms whose |a·b| summed to <paramref name="magnitude"/>.</summary>
    public static double Dot(int terms, double magnitude) => (DotRelativePerTerm * (terms + 1) * magnitude) + 1e-30;

    /// <summary>|actual − expected| ≤ tolerance, NaN matching NaN and infinities matching exactly.</summary>
    public static bool Within(double expected, double actual, double tolerance) =>
        double.IsNaN(expected) ? double.IsNaN(actual)
        : double.IsInfinity(expected) ? expected == actual
        : Math.Abs(actual - expected) <= tolerance;

    /// <summary>Asserts <see cref="Within"/>; the message (built only on failure) names the element.</summary>
    public static void Near(double expected, double actual, double tolerance, Func<string> what)
    {
        if (!Within(expected, actual, tolerance))
        {
            Near(expected, actual, tolerance, what());
        }
    }

    /// <summary>Asserts |actual − expected| ≤ tolerance with a message that names the index.</summary>
    public static void Near(double expected, double actual, double tolerance, string what)
    {
        if (double.IsNaN(expected))
        {
            Assert.True(double.IsNaN(actual), $"{what}: expected NaN, got {actual}");
            return;
        }

        if (double.IsInfinity(expected))
        {
            Assert.True(expected == actual, $"{what}: expected {expected}, got {actual}");
            return;
        }

        double error = Math.Abs(actual - expected);
        Assert.True(error <= tolerance, $"{what}: expected {expected}, got {actual}, |error| {error:E3} > {tolerance:E3}");
    }
}
