namespace SensorWatch.Core.Synthetic;

/// <summary>Draws the generator needs from an explicit <see cref="Random"/>.</summary>
internal static class RandomExtensions
{
    /// <summary>Standard normal draw (Box-Muller, one of the pair; 1 - U keeps the log argument in (0, 1]).</summary>
    public static double NextGaussian(this Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Uniform draw in [min, max).</summary>
    public static double NextDouble(this Random random, double min, double max) => min + ((max - min) * random.NextDouble());

    /// <summary>+1 or -1 with equal probability.</summary>
    public static int NextSign(this Random random) => random.Next(2) == 0 ? -1 : 1;
}
