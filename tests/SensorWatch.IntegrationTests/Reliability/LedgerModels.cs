using System.Globalization;
using SensorWatch.Core.Preprocessing;
using SensorWatch.Core.Scoring;
using SensorWatch.Core.Snapshots;
using SensorWatch.Core.Training;

namespace SensorWatch.IntegrationTests.Reliability;

/// <summary>Real tiny model snapshots for the model-lifecycle scenarios (publish to the models topic, damage, save).</summary>
internal static class LedgerModels
{
    /// <summary>A real tiny detector for windows of <paramref name="windowLength"/> steps and <paramref name="features"/> features.</summary>
    public static byte[] Snapshot(int windowLength, int features, string version = "")
    {
        const int rows = 200;
        float[] values = new float[rows * features];   // (N, D)
        for (int r = 0; r < rows; r++)
        {
            for (int d = 0; d < features; d++)
            {
                values[(r * features) + d] = (float)(Math.Sin((r / 5.0) + d) * (d + 1));
            }
        }

        SensorTable table = new([.. Enumerable.Range(0, features).Select(d => $"f{d}")], [.. Enumerable.Range(0, rows).Select(i => i.ToString(CultureInfo.InvariantCulture))], values);
        DetectorOptions options = new()
        {
            WindowLength = windowLength,
            Stride = 4,
            Hidden = 4,
            Latent = 2,
            Training = new TrainingOptions { Epochs = 1, BatchSize = 16, LearningRate = 1e-2f, Seed = 5, Threads = 1, Patience = 0 },
            TargetFalseAlarmRate = 0.01,
            Lineage = new Dictionary<string, string> { ["version"] = version.Length > 0 ? version : $"damage-{windowLength}x{features}", ["trigger"] = "reliability-test" },
        };
        return ModelSnapshot.ToBytes(AnomalyDetector.Train(table, options));
    }
}
