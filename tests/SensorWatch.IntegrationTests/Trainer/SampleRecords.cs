using SensorWatch.IntegrationTests.Worker;
using SensorWatch.Kafka.Messages;

namespace SensorWatch.IntegrationTests.Trainer;

/// <summary>Samples-topic records written directly (as a scorer would), for trainer tests that need no scorer.</summary>
internal static class SampleRecords
{
    /// <summary>
    /// Window <paramref name="index"/> of a sensor with <see cref="WindowJson"/>'s signal (T = 16, D = 3), scored normal by
    /// <paramref name="version"/> (or flagged anomalous by it: <paramref name="flagged"/>); a <paramref name="poison"/> value
    /// replaces every value (a broken producer).
    /// </summary>
    public static byte[] Window(string sensorId, int index, string version, float? poison = null, bool flagged = false)
    {
        long start = WindowJson.BaseMs + ((long)index * WindowJson.Length * 1000);
        float[] values = new float[WindowJson.Length * WindowJson.Features];   // (T, D)
        int seed = sensorId.Length + index;
        for (int t = 0; t < WindowJson.Length; t++)
        {
            for (int d = 0; d < WindowJson.Features; d++)
            {
                double phase = ((index * WindowJson.Length) + t) / 5.0;
                double noise = (((seed * 7919) + (t * 104729) + (d * 1299709)) % 1000) / 1000.0 * 0.2;
                values[(t * WindowJson.Features) + d] = poison ?? (float)((Math.Sin(phase + d) * (d + 1)) + noise);
            }
        }

        return SampleCodec.Encode(SampleMessage.ForWindow(sensorId, "default", start, start + ((WindowJson.Length - 1) * 1000L), WindowJson.Length,
            WindowJson.Features, values, flagged ? 50 : 1.0 + (index % 7 * 0.01), 10, flagged, ScoreStatus.Scored, version, "sensor.windows", 0, index));
    }
}
