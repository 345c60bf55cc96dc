using System.Text.Json;

namespace SensorWatch.Kafka.Messages;

/// <summary>
/// Encodes a score record (DESIGN §3; format in docs/contracts-messages.md): <c>sensorId, model, windowStart, windowEnd,
/// score, threshold, anomalous, severity, modelVersion, status, windowId, source {topic, partition, offset}</c> and, when
/// given, <c>latent</c> (Z floats). Reuses one writer and buffer; not thread-safe.
/// </summary>
internal sealed class ScoreRecordEncoder
{
    private readonly JsonOutput _output = new();

    /// <summary>The JSON bytes of one score record; <paramref name="latent"/> (Z) is omitted when empty.</summary>
    public byte[] Encode(in ScoreRecordFields record, ReadOnlySpan<float> latent = default)
    {
        Utf8JsonWriter writer = _output.Begin();
        writer.WriteStartObject();
        writer.WriteString("sensorId"u8, record.SensorId);
        writer.WriteString("model"u8, record.Model);
        JsonOutput.WriteTimestamp(writer, "windowStart"u8, record.WindowStartMs);
        JsonOutput.WriteTimestamp(writer, "windowEnd"u8, record.WindowEndMs);
        JsonOutput.WriteNumberOrNull(writer, "score"u8, record.Score);
        JsonOutput.WriteNumberOrNull(writer, "threshold"u8, record.Threshold);
        writer.WriteBoolean("anomalous"u8, record.Anomalous);
        writer.WriteNumber("severity"u8, Math.Clamp(record.Severity, 0, 100));
        JsonOutput.WriteStringOrNull(writer, "modelVersion"u8, record.ModelVersion);
        writer.WriteString("status"u8, StatusName(record.Status));
        JsonOutput.WriteStringOrNull(writer, "windowId"u8, record.WindowId);
        writer.WriteStartObject("source"u8);
        writer.WriteString("topic"u8, record.Topic);
        writer.WriteNumber("partition"u8, record.Partition);
        writer.WriteNumber("offset"u8, record.Offset);
        writer.WriteEndObject();
        if (!latent.IsEmpty)
        {
            writer.WriteStartArray("latent"u8);
            foreach (float z in latent)
            {
                if (float.IsFinite(z))
                {
                    writer.WriteNumberValue(z);
                }
                else
                {
                    writer.WriteNullValue();
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        return _output.End();
    }

    /// <summary>The wire name of a status.</summary>
    public static ReadOnlySpan<byte> StatusName(ScoreStatus status) => status switch
    {
        ScoreStatus.Scored => "scored"u8,
        ScoreStatus.Probation => "probation"u8,
        ScoreStatus.Imputed => "imputed"u8,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown score status"),
    };
}
