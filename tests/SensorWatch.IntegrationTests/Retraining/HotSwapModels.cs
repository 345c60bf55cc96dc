using System.Globalization;
using SensorWatch.Core.Preprocessing;
using SensorWatch.Core.Scoring;
using SensorWatch.Core.Snapshots;
using SensorWatch.Core.Training;
using SensorWatch.IntegrationTests.Worker;

namespace SensorWatch.IntegrationTests.Retraining;

/// <summary>Tiny real detectors that fit the worker tests' windows (<see cref="WindowJson"/>: T = 16, D = 3), tagged with a version.</summary>
internal static class HotSwapModels
{
    /// <summary>Snapshot bytes of a tiny detector whose served version is <paramref name="version"/> (lineage <c>version</c>).</summary>
    public static byte[] Snapshot(string version, int seed = 3)
    {
        const int rows = 400;
        float[] values = new float[rows * WindowJson.Features];   // (N, D)
        for (int r = 0; r < rows; r++)
        {
            for (int d = 0; d < WindowJson.Features; d++)
            {
                values[(r * WindowJson.Features) + d] = (float)((Math.Sin((r / 5.0) + d) * (d + 1)) + (0.1 * ((r * 7 + d) % 10) / 10.0));
            }
        }

        SensorTable table = new(["f0", "f1", "f2"], [.. Enumerable.Range(0, rows).Select(i => i.ToString(CultureInfo.InvariantCulture))], values);
        DetectorOptions options = new()
        {
            WindowLength = WindowJson.Length,
            Stride = 4,
            Hidden = 4,
            Latent = 2,
            Training = new TrainingOptions { Epochs = 2, BatchSize = 16, LearningRate = 1e-2f, Seed = seed, Threads = 1, Patience = 0 },
            TargetFalseAlarmRate = 0.01,
            Lineage = new Dictionary<string, string> { ["version"] = version, ["trigger"] = "hot-swap-test" },
        };
        return ModelSnapshot.ToBytes(AnomalyDetector.Train(table, options));
    }

    /// <summary>A copy of <paramref name="snapshot"/> with its last byte flipped (checksum mismatch).</summary>
    public static byte[] Corrupt(byte[] snapshot)
    {
        byte[] corrupt = [.. snapshot];
        corrupt[^1] ^= 1;
        return corrupt;
    }
}
