using System.Globalization;
using System.Text;
using SensorWatch.IntegrationTests.Worker;

namespace SensorWatch.IntegrationTests.Trainer;

/// <summary>
/// Windows of <see cref="WindowJson"/>'s signal (T = 16 steps of 1 s, D = 3 coupled sines plus deterministic noise of
/// σ ≈ 0.06) with a rising baseline: <c>drift</c> feature σ added to every row of f0 and f1 (f0 σ ≈ 0.71, f1 σ ≈ 1.41),
/// and optionally an abrupt level shift of f2 (σ ≈ 2.1). Pure functions of (sensor, index, drift, shift): a window
/// produced twice has identical values.
/// </summary>
internal static class DriftWindows
{
    /// <summary>Standard deviation of each feature of the undrifted signal (sin × (d + 1)).</summary>
    public static readonly double[] FeatureSigma = [0.71, 1.41, 2.12];

    /// <summary>Window start times: 3 h ago, so a few hundred windows per sensor stay within the decoder's age and future-skew checks.</summary>
    public static readonly long BaseMs = DateTimeOffset.UtcNow.AddHours(-3).ToUnixTimeMilliseconds() / 1000 * 1000;

    /// <summary>Values (T, D) of window <paramref name="index"/> of a sensor, drifted by <paramref name="drift"/> σ on f0/f1 and shifted by <paramref name="shift"/> σ on f2.</summary>
    public static float[] Values(string sensorId, int index, double drift, double shift = 0)
    {
        float[] values = new float[WindowJson.Length * WindowJson.Features];   // (T, D)
        int seed = sensorId.Length + index;
        for (int t = 0; t < WindowJson.Length; t++)
        {
            for (int d = 0; d < WindowJson.Features; d++)
            {
                double phase = ((index * WindowJson.Length) + t) / 5.0;
                double noise = (((seed * 7919) + (t * 104729) + (d * 1299709)) % 1000) / 1000.0 * 0.2;
                double offset = d < 2 ? drift * FeatureSigma[d] : shift * FeatureSigma[d];
                values[(t * WindowJson.Features) + d] = (float)((Math.Sin(phase + d) * (d + 1)) + noise + offset);
            }
        }

        return values;
    }

    /// <summary>The window message (DESIGN §3) for <paramref name="values"/> (T, D) at position <paramref name="slot"/> of the sensor's timeline.</summary>
    public static string Json(string sensorId, int slot, float[] values)
    {
        long start = BaseMs + ((long)slot * WindowJson.Length * 1000);
        StringBuilder json = new(512);
        json.Append("{\"sensorId\":\"").Append(sensorId).Append("\",\"windowId\":\"").Append(WindowJson.Id(sensorId, slot))
            .Append("\",\"start\":\"").Append(DateTimeOffset.FromUnixTimeMilliseconds(start).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
            .Append("\",\"intervalMs\":1000,\"values\":[");
        for (int t = 0; t < WindowJson.Length; t++)
        {
            json.Append(t == 0 ? "[" : ",[");
            for (int d = 0; d < WindowJson.Features; d++)
            {
                json.Append(d == 0 ? "" : ",").Append(values[(t * WindowJson.Features) + d].ToString("R", CultureInfo.InvariantCulture));
            }

            json.Append(']');
        }

        return json.Append("]}").ToString();
    }
}
