namespace SensorWatch.PeerBenchmarks;

/// <summary>Median and spread of repeated measurements.</summary>
internal static class Stats
{
    public static double Median(IReadOnlyList<double> values)
    {
        double[] sorted = [.. values.Order()];
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }

    /// <summary>(max − min) / median, as a percentage.</summary>
    public static double SpreadPercent(IReadOnlyList<double> values) => 100 * (values.Max() - values.Min()) / Median(values);

    public static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
