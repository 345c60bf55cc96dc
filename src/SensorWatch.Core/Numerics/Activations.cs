namespace SensorWatch.Core.Numerics;

/// <summary>Element-wise activations over spans. y may alias x.</summary>
/// <remarks>CONTRACT (first cut): exact MathF versions; the kernel work adds vectorised approximations with documented error.</remarks>
public static class Activations
{
    /// <summary>y[i] = 1 / (1 + exp(-x[i])).</summary>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y)
    {
        CheckLengths(x.Length, y.Length);
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = 1f / (1f + MathF.Exp(-x[i]));
        }
    }

    /// <summary>y[i] = tanh(x[i]).</summary>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y)
    {
        CheckLengths(x.Length, y.Length);
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = MathF.Tanh(x[i]);
        }
    }

    private static void CheckLengths(int x, int y)
    {
        if (y < x)
        {
            throw new ArgumentException($"y has {y} elements, x has {x}.", nameof(y));
        }
    }
}
