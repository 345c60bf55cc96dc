using SensorWatch.Core.Synthetic;

namespace SensorWatch.Core.Tests.Scoring;

/// <summary>
/// The demo's data offline (no Kafka): <c>sensors</c> simulated pumps with the generator options the simulator derives for
/// <c>sensorwatch demo</c> (60 windows/s over 20 sensors, windows of 64 rows every 16 rows → 48 rows/s, an anomaly every
/// 3 s of wall time over the fleet → one every ~2,880 rows per sensor, events of 32–128 rows, none during the probation
/// warm-up), windows taken exactly as the simulator sends them, round-robin over the sensors.
/// </summary>
internal sealed class DemoFleet
{
    public const int WindowLength = 64;
    public const int Stride = 16;

    /// <param name="meanGapRows">Per-sensor mean gap between anomalies; the demo's is 3 s × 48 rows/s × 20 sensors = 2,880.</param>
    public DemoFleet(int sensors, int windowsPerSensor, int probationWindows, int seed, int meanGapRows = 3 * 48 * 20)
    {
        int warmupRows = (int)((((double)probationWindows / 60) + 2) * 48); // DemoRunner: Warmup = probation seconds + 2 s
        int rows = WindowLength + ((windowsPerSensor - 1) * Stride);
        SyntheticSensorOptions options = new()
        {
            Start = new DateTimeOffset(2026, 11, 24, 6, 0, 0, TimeSpan.Zero),
            MeanGapRows = meanGapRows,
            MinGapRows = 128,
            InitialNormalRows = warmupRows,
            MinDurationRows = WindowLength / 2,
            MaxDurationRows = 2 * WindowLength,
        };
        Sensors = sensors;
        WindowsPerSensor = windowsPerSensor;
        Series = [.. Enumerable.Range(0, sensors).Select(s => new SyntheticSensorGenerator(options, new Random(seed + (7919 * s))).Generate(rows))];
        FeatureNames = Series[0].FeatureNames;
    }

    public int Sensors { get; }

    public int WindowsPerSensor { get; }

    public IReadOnlyList<string> FeatureNames { get; }

    public int Features => FeatureNames.Count;

    /// <summary>Each sensor's rows, labels and events.</summary>
    public IReadOnlyList<SyntheticSeries> Series { get; }

    /// <summary>Window <paramref name="k"/> of <paramref name="sensor"/> (T, D): rows [k·stride, k·stride + T).</summary>
    public ReadOnlySpan<float> Window(int sensor, int k) =>
        Series[sensor].Values.AsSpan(k * Stride * Features, WindowLength * Features);

    /// <summary>The first <paramref name="count"/> windows in arrival order (round-robin over sensors) as (N, T, D).</summary>
    public float[] Probation(int count)
    {
        int window = WindowLength * Features;
        float[] windows = new float[count * window];
        for (int i = 0; i < count; i++)
        {
            Window(i % Sensors, i / Sensors).CopyTo(windows.AsSpan(i * window, window));
        }

        return windows;
    }
}
