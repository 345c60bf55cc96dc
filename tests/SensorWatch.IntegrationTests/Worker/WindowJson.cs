using System.Globalization;
using System.Text;

namespace SensorWatch.IntegrationTests.Worker;

/// <summary>Builds window messages (DESIGN §3) for the worker tests: smooth coupled signals, optionally shifted (anomalous).</summary>
internal static class WindowJson
{
    public const int Length = 16;
    public const int Features = 3;

    /// <summary>A recent base time, so windows pass the decoder's age and future-skew checks.</summary>
    public static readonly long BaseMs = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeMilliseconds() / 1000 * 1000;

    /// <summary>Window <paramref name="index"/> of a sensor: T = 16 steps of 1 s, D = 3; anomalous windows are shifted by +8.</summary>
    public static string Window(string sensorId, int index, bool anomalous = false, string? model = null, int length = Length)
    {
        long start = BaseMs + ((long)index * Length * 1000);
        StringBuilder json = new(512);
        json.Append("{\"sensorId\":\"").Append(sensorId).Append("\",\"windowId\":\"").Append(Id(sensorId, index)).Append('"');
        if (model is not null)
        {
            json.Append(",\"model\":\"").Append(model).Append('"');
        }

        json.Append(",\"start\":\"").Append(DateTimeOffset.FromUnixTimeMilliseconds(start).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
            .Append("\",\"intervalMs\":1000,\"values\":[");
        int seed = sensorId.Length + index;
        for (int t = 0; t < length; t++)
        {
            json.Append(t == 0 ? "[" : ",[");
            for (int d = 0; d < Features; d++)
            {
                double phase = ((index * Length) + t) / 5.0;
                double noise = (((seed * 7919) + (t * 104729) + (d * 1299709)) % 1000) / 1000.0 * 0.2;
                double value = (Math.Sin(phase + d) * (d + 1)) + noise + (anomalous ? 8 : 0);
                json.Append(d == 0 ? "" : ",").Append(value.ToString("F4", CultureInfo.InvariantCulture));
            }

            json.Append(']');
        }

        return json.Append("]}").ToString();
    }

    public static string Id(string sensorId, int index) => $"{sensorId}#{index}";
}
