using System.Globalization;
using SensorWatch.Core.Preprocessing;
using SensorWatch.Core.Scoring;
using SensorWatch.Core.Snapshots;
using SensorWatch.Core.Training;
using SensorWatch.IntegrationTests.Worker;

namespace SensorWatch.IntegrationTests.Trainer;

/// <summary>A wider detector (H = 128, Z = 64) for <see cref="WindowJson"/>'s windows: its retrains take seconds, long enough to be interrupted.</summary>
internal static class TrainerModels
{
    public static byte[] Wide(string version) => Train(version, 128, 64, 2, 200);

    /// <summary>A small detector trained long enough to reconstruct <see cref="WindowJson"/>'s signal (H = 16, Z = 8).</summary>
    public static byte[] Good(string version) => Train(version, 16, 8, 15, 800);

    private static byte[] Train(string version, int hidden, int latent, int epochs, int rows)
    {
        float[] values = new float[rows * WindowJson.Features];   // (N, D)
        for (int r = 0; r < rows; r++)
        {
            for (int d = 0; d < WindowJson.Features; d++)
            {
                double noise = (((r * 7919) + (r * 104729) + (d * 1299709)) % 1000) / 1000.0 * 0.2;
                values[(r * WindowJson.Features) + d] = (float)((Math.Sin((r / 5.0) + d) * (d + 1)) + noise);
            }
        }

        SensorTable table = new(["f0", "f1", "f2"], [.. Enumerable.Range(0, rows).Select(i => i.ToString(CultureInfo.InvariantCulture))], values);
        DetectorOptions options = new()
        {
            WindowLength = WindowJson.Length,
            Stride = 8,
            Hidden = hidden,
            Latent = latent,
            Training = new TrainingOptions { Epochs = epochs, BatchSize = 16, LearningRate = 1e-2f, Seed = 11, Threads = 1, Patience = 0 },
            TargetFalseAlarmRate = 0.01,
            Lineage = new Dictionary<string, string> { ["version"] = version },
        };
        return ModelSnapshot.ToBytes(AnomalyDetector.Train(table, options));
    }
}
