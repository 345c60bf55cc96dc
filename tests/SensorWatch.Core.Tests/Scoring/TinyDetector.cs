using SensorWatch.Core.Preprocessing;
using SensorWatch.Core.Scoring;
using SensorWatch.Core.Training;

namespace SensorWatch.Core.Tests.Scoring;

/// <summary>A tiny seeded detector on three coupled sine sensors, trained once and shared by the scoring tests (a few seconds).</summary>
internal static class TinyDetector
{
    public const int T = 12;
    public const int D = 3;

    public static DetectorOptions Options { get; } = new()
    {
        WindowLength = T,
        Stride = 2,
        Hidden = 12,
        Latent = 4,
        Training = new TrainingOptions { Epochs = 12, BatchSize = 16, LearningRate = 1e-2f, Seed = 7, Threads = 1, Patience = 0 },
        TargetFalseAlarmRate = 0.01,
    };

    private static readonly Lazy<AnomalyDetector> s_detector = new(() => AnomalyDetector.Train(Table(900, seed: 1), Options));

    public static AnomalyDetector Detector => s_detector.Value;

    /// <summary>Rows (N, 3): s = sin(2πt/24), 0.8·s + noise, cos(2πt/24) + noise, in units with an offset.</summary>
    public static SensorTable Table(int rows, int seed)
    {
        Random random = new(seed);
        float[] values = new float[rows * D];
        for (int r = 0; r < rows; r++)
        {
            double phase = 2 * Math.PI * r / 24;
            values[r * D] = (float)(10 + Math.Sin(phase) + (0.05 * Gaussian(random)));
            values[(r * D) + 1] = (float)(50 + (0.8 * Math.Sin(phase)) + (0.05 * Gaussian(random)));
            values[(r * D) + 2] = (float)(Math.Cos(phase) + (0.05 * Gaussian(random)));
        }

        return new SensorTable(["a", "b", "c"], [.. Enumerable.Range(0, rows).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))], values);
    }

    /// <summary>The tiny detector with score statistics refitted with a residual predictor of <paramref name="lags"/> lags (no retraining).</summary>
    public static AnomalyDetector WithResidual(int lags)
    {
        AnomalyDetector tiny = Detector;
        float[] x = Windows(60, seed: 12);
        tiny.Standardizer.Transform(x);
        float[] errors = DetectorTrainer.ReconstructionErrors(tiny.Model, x, [.. Enumerable.Range(0, 60)], T * D);
        ScoreStatistics statistics = ScoreStatistics.Fit(tiny.Statistics.Mode, errors, T, D, 0, lags);
        return new AnomalyDetector(tiny.Model, tiny.Standardizer, statistics, tiny.Calibration, tiny.FeatureNames, tiny.Metadata,
            tiny.MaxMissingFraction, tiny.ImputationIterations, tiny.Flatline);
    }

    /// <summary>Normal windows (count, T, D) cut from a fresh stream.</summary>
    public static float[] Windows(int count, int seed)
    {
        SensorTable table = Table((count * T) + T, seed);
        return WindowAssembler.Assemble(table.Values, D, T, T)[..(count * T * D)];
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
