using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SensorWatch.Cli;

/// <summary>Formats one window (T, D) as a JSONL window message (DESIGN §3).</summary>
internal static class WindowJson
{
    public static string Format(string sensorId, IReadOnlyList<string> features, ReadOnlySpan<float> values, int steps)
    {
        int d = features.Count;
        StringBuilder json = new();
        json.Append("{\"sensorId\":").Append(JsonSerializer.Serialize(sensorId)).Append(",\"features\":[")
            .AppendJoin(',', features.Select(f => JsonSerializer.Serialize(f))).Append("],\"values\":[");
        for (int t = 0; t < steps; t++)
        {
            json.Append(t == 0 ? "[" : ",[");
            for (int f = 0; f < d; f++)
            {
                float v = values[(t * d) + f];
                json.Append(f == 0 ? string.Empty : ",").Append(float.IsFinite(v) ? v.ToString("G7", CultureInfo.InvariantCulture) : "null");
            }

            json.Append(']');
        }

        return json.Append("]}").ToString();
    }
}
