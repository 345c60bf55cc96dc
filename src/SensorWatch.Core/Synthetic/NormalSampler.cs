namespace SensorWatch.Core.Synthetic;

/// <summary>
/// Standard normal draws from an explicit <see cref="Random"/> by the Box-Muller transform, using both values of each
/// pair (r cos θ, then r sin θ with r = √(−2 ln U₁), θ = 2π U₂): one log and one square root per two draws.
/// </summary>
internal sealed class NormalSampler(Random random)
{
    private double _spare;
    private bool _hasSpare;

    /// <summary>The underlying generator (for uniform draws that must come from the same stream).</summary>
    public Random Random => random;

    public double Next()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }

        double radius = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble()));
        (double sin, double cos) = Math.SinCos(2.0 * Math.PI * random.NextDouble());
        _spare = radius * sin;
        _hasSpare = true;
        return radius * cos;
    }
}
