using System.Text;
using System.Text.Json;
using SensorWatch.Core.Alerting;

namespace SensorWatch.Roles.Scorer.State;

/// <summary>
/// JSON of an <see cref="AlertCheckpoint"/>, version 1:
/// <c>{"v":1,"sensorId","model","topic","partition","updatedAt":ms,"state":{"lastWindowEndMs","anomalousRun","normalRun",
/// "runStartMs","openAlertId","openedAtMs","lastSentSeverity","peakSeverity","muted"}[,"raise":{"version","threshold"}]}</c>
/// ("raise", optional: the model key's false-positive threshold raise in force when written; readers without it skip it). Decoding never throws:
/// a record that is not this shape is refused with a reason (the restorer logs it and that sensor starts fresh).
/// </summary>
internal static class AlertCheckpointCodec
{
    public const int Version = 1;

    public static byte[] Encode(AlertCheckpoint checkpoint)
    {
        using MemoryStream buffer = new(256);
        using (Utf8JsonWriter json = new(buffer))
        {
            AlertState state = checkpoint.State;
            json.WriteStartObject();
            json.WriteNumber("v", Version);
            json.WriteString("sensorId", checkpoint.SensorId);
            json.WriteString("model", checkpoint.Model);
            json.WriteString("topic", checkpoint.Topic);
            json.WriteNumber("partition", checkpoint.Partition);
            json.WriteNumber("updatedAt", checkpoint.UpdatedAtMs);
            json.WriteStartObject("state");
            json.WriteNumber("lastWindowEndMs", state.LastWindowEndMs);
            json.WriteNumber("anomalousRun", state.AnomalousRun);
            json.WriteNumber("normalRun", state.NormalRun);
            json.WriteNumber("runStartMs", state.RunStartMs);
            if (state.OpenAlertId is null)
            {
                json.WriteNull("openAlertId");
            }
            else
            {
                json.WriteString("openAlertId", state.OpenAlertId);
            }

            json.WriteNumber("openedAtMs", state.OpenedAtMs);
            json.WriteNumber("lastSentSeverity", state.LastSentSeverity);
            json.WriteNumber("peakSeverity", state.PeakSeverity);
            json.WriteBoolean("muted", state.Muted);
            json.WriteEndObject();
            if (checkpoint.RaiseVersion is not null && double.IsFinite(checkpoint.RaiseThreshold))
            {
                json.WriteStartObject("raise");
                json.WriteString("version", checkpoint.RaiseVersion);
                json.WriteNumber("threshold", checkpoint.RaiseThreshold);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Decodes one record; false with the reason when it is not a version-1 checkpoint for <paramref name="key"/>.</summary>
    public static bool TryDecode(string key, ReadOnlySpan<byte> value, out AlertCheckpoint? checkpoint, out string? problem)
    {
        checkpoint = null;
        try
        {
            Utf8JsonReader reader = new(value, new JsonReaderOptions { MaxDepth = 4 });
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("v", out JsonElement version) || version.GetInt32() != Version)
            {
                problem = $"not a version-{Version} alert checkpoint";
                return false;
            }

            string sensorId = root.GetProperty("sensorId").GetString() ?? "";
            if (sensorId != key)
            {
                problem = $"sensorId \"{sensorId}\" differs from the key \"{key}\"";
                return false;
            }

            JsonElement fields = root.GetProperty("state");
            AlertState restored = new()
            {
                LastWindowEndMs = fields.GetProperty("lastWindowEndMs").GetInt64(),
                AnomalousRun = fields.GetProperty("anomalousRun").GetInt32(),
                NormalRun = fields.GetProperty("normalRun").GetInt32(),
                RunStartMs = fields.GetProperty("runStartMs").GetInt64(),
                OpenAlertId = fields.GetProperty("openAlertId").GetString(),
                OpenedAtMs = fields.GetProperty("openedAtMs").GetInt64(),
                LastSentSeverity = fields.GetProperty("lastSentSeverity").GetInt32(),
                PeakSeverity = fields.GetProperty("peakSeverity").GetInt32(),
                Muted = fields.GetProperty("muted").GetBoolean(),
            };
            if (restored.AnomalousRun < 0 || restored.NormalRun < 0 || restored.PeakSeverity is < 0 or > 100 || restored.LastSentSeverity is < 0 or > 100)
            {
                problem = "counters or severities out of range";
                return false;
            }

            (string? raiseVersion, double raiseThreshold) = (null, double.NaN);
            if (root.TryGetProperty("raise", out JsonElement raise))
            {
                raiseVersion = raise.GetProperty("version").GetString();
                raiseThreshold = raise.GetProperty("threshold").GetDouble();
                if (raiseVersion is null || !double.IsFinite(raiseThreshold) || raiseThreshold <= 0)
                {
                    problem = "raise without a version or with a threshold that is not a positive number";
                    return false;
                }
            }

            checkpoint = new AlertCheckpoint(sensorId, root.GetProperty("model").GetString() ?? "", root.GetProperty("topic").GetString() ?? "",
                root.GetProperty("partition").GetInt32(), restored, root.GetProperty("updatedAt").GetInt64(), raiseVersion, raiseThreshold);
            problem = null;
            return true;
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            problem = $"unreadable alert checkpoint: {exception.Message}";
            return false;
        }
    }

    /// <summary>The UTF-8 key of a checkpoint record.</summary>
    public static byte[] Key(string sensorId) => Encoding.UTF8.GetBytes(sensorId);
}
