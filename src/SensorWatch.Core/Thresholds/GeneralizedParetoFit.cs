using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace SensorWatch.Core.Thresholds;

/// <summary>
/// Fits a generalised Pareto distribution GPD(σ, ξ) to excesses y &gt; 0 over a threshold:
/// P(Y &gt; y) = (1 + ξy/σ)^(−1/ξ) (ξ ≠ 0), e^(−y/σ) (ξ = 0).
/// </summary>
/// <remarks>
/// Pickands (1975) and Balkema–de Haan: excesses over a high enough threshold follow a GPD. Start from the method of
/// moments (Hosking &amp; Wallis 1987: ξ = ½(1 − ȳ²/s²), σ = ½ȳ(ȳ²/s² + 1)), then maximise the likelihood
/// ℓ(σ, ξ) = −n ln σ − (1 + 1/ξ) Σ ln(1 + ξ y_i/σ) with MathNet's Nelder–Mead simplex over (ln σ, ξ).
/// If the optimiser fails or ends worse than the start, the moment estimate is kept (Method says which).
/// </remarks>
internal static class GeneralizedParetoFit
{
    public static (double Scale, double Shape, string Method) Fit(ReadOnlySpan<double> excesses)
    {
        int n = excesses.Length;
        if (n < 2)
        {
            throw new ArgumentException($"A GPD fit needs at least 2 excesses, got {n}.");
        }

        double mean = 0;
        foreach (double y in excesses)
        {
            mean += y;
        }

        mean /= n;
        double variance = 0;
        foreach (double y in excesses)
        {
            variance += (y - mean) * (y - mean);
        }

        variance /= n - 1;
        if (!(mean > 0))
        {
            return (1e-12, 0, "degenerate");
        }

        double ratio = variance > 0 ? mean * mean / variance : 1e6;
        double shape0 = 0.5 * (1 - ratio);
        double scale0 = 0.5 * mean * (ratio + 1);
        double[] data = excesses.ToArray();
        double start = NegativeLogLikelihood(data, Math.Log(scale0), shape0);
        try
        {
            IObjectiveFunction objective = ObjectiveFunction.Value(v => NegativeLogLikelihood(data, v[0], v[1]));
            MinimizationResult result = NelderMeadSimplex.Minimum(
                objective, Vector<double>.Build.Dense([Math.Log(scale0), shape0]), Vector<double>.Build.Dense([0.1, 0.05]), 1e-10, 2000);
            double logScale = result.MinimizingPoint[0];
            double shape = result.MinimizingPoint[1];
            if (double.IsFinite(result.FunctionInfoAtMinimum.Value) && result.FunctionInfoAtMinimum.Value <= start && shape > -1)
            {
                return (Math.Exp(logScale), shape, "mle");
            }
        }
        catch (MaximumIterationsException)
        {
            // the simplex did not converge: the moment estimate below is the documented fallback
        }

        return (scale0, shape0, "moments");
    }

    /// <summary>−ℓ(σ = e^logScale, ξ); +∞ outside the support.</summary>
    public static double NegativeLogLikelihood(double[] excesses, double logScale, double shape)
    {
        double scale = Math.Exp(logScale);
        double sum = 0;
        if (Math.Abs(shape) < 1e-9)
        {
            foreach (double y in excesses)
            {
                sum += y / scale;
            }

            return (excesses.Length * logScale) + sum;
        }

        foreach (double y in excesses)
        {
            double z = 1 + (shape * y / scale);
            if (z <= 0)
            {
                return double.PositiveInfinity;
            }

            sum += Math.Log(z);
        }

        return (excesses.Length * logScale) + ((1 + (1 / shape)) * sum);
    }
}
