using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using SensorWatch.Core.Alerting;
using SensorWatch.Kafka.Messages;

namespace SensorWatch.Roles.Scorer;

/// <summary>
/// Builds the scorer's output messages (DESIGN §3): score records, alerts (both keyed by sensorId) and dead letters
/// (original key and bytes, with <c>sw.dlq.*</c> headers naming the reason, the original topic, partition and offset,
/// and the exception type). UTF-8 JSON written with <see cref="Utf8JsonWriter"/>, camelCase.
/// </summary>
internal static class ScorerRecords
{
    public const string TraceParentHeader = "traceparent";

    public static Message<byte[], byte[]> Score(in PendingWindow window, string modelKey, string status, in WindowResult? result,
        string? modelVersion, ReadOnlySpan<float> latent, string? reason = null)
    {
        ArrayBufferWriter<byte> buffer = new(256 + (latent.Length * 12));
        using (Utf8JsonWriter json = new(buffer))
        {
            json.WriteStartObject();
            json.WriteString("sensorId", window.SensorId);
            json.WriteString("model", modelKey);
            if (window.WindowId is not null)
            {
                json.WriteString("windowId", window.WindowId);
            }

            json.WriteString("windowStart", Iso(window.StartMs));
            json.WriteString("windowEnd", Iso(window.EndMs));
            json.WriteString("status", status);
            if (reason is not null)
            {
                json.WriteString("reason", reason);
            }
            if (result is { } verdict)
            {
                json.WriteNumber("score", Finite(verdict.Score));
                json.WriteNumber("threshold", Finite(verdict.Threshold));
                json.WriteBoolean("anomalous", verdict.Anomalous);
                json.WriteNumber("severity", verdict.Severity);
            }
            else
            {
                json.WriteNull("score");
                json.WriteNull("threshold");
                json.WriteBoolean("anomalous", false);
            }

            if (modelVersion is null)
            {
                json.WriteNull("modelVersion");
            }
            else
            {
                json.WriteString("modelVersion", modelVersion);
            }

            if (!latent.IsEmpty)
            {
                json.WriteStartArray("latent");
                foreach (float value in latent)
                {
                    json.WriteNumberValue(Finite(value));
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return Keyed(window.SensorId, buffer.WrittenSpan.ToArray(), window.TraceParent);
    }

    public static Message<byte[], byte[]> Alert(in PendingWindow window, string modelKey, string modelVersion, in AlertTransition transition,
        ReadOnlySpan<float> contributions, IReadOnlyList<string> featureNames, string? traceId)
    {
        ArrayBufferWriter<byte> buffer = new(512);
        using (Utf8JsonWriter json = new(buffer))
        {
            json.WriteStartObject();
            json.WriteString("alertId", transition.AlertId);
            json.WriteString("sensorId", window.SensorId);
            json.WriteString("model", modelKey);
            json.WriteString("modelVersion", modelVersion);
            json.WriteString("state", transition.Kind switch
            {
                AlertTransitionKind.Open => "open",
                AlertTransitionKind.Update => "update",
                _ => "resolved",
            });
            json.WriteString("windowStart", Iso(transition.WindowStartMs));
            json.WriteString("windowEnd", Iso(transition.WindowEndMs));
            json.WriteString("openedAt", Iso(transition.OpenedAtMs));
            json.WriteNumber("score", Finite(transition.Score));
            json.WriteNumber("threshold", Finite(transition.Threshold));
            json.WriteNumber("severity", transition.Severity);
            json.WriteStartArray("topFeatures");
            foreach ((int index, float share) in TopFeatures(contributions, 3))
            {
                json.WriteStartObject();
                json.WriteString("feature", index < featureNames.Count ? featureNames[index] : $"f{index}");
                json.WriteNumber("share", Math.Round(share, 4));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (traceId is null)
            {
                json.WriteNull("traceId");
            }
            else
            {
                json.WriteString("traceId", traceId);
            }

            json.WriteEndObject();
        }

        return Keyed(window.SensorId, buffer.WrittenSpan.ToArray(), window.TraceParent);
    }

    /// <summary>The original key and (possibly truncated) value, plus headers that say why and where it came from.</summary>
    public static Message<byte[], byte[]> DeadLetter(ConsumeResult<byte[], byte[]> source, DeadLetterReason reason, string detail,
        string? exceptionType, int maxValueBytes)
    {
        byte[] value = source.Message.Value ?? [];
        bool truncated = value.Length > maxValueBytes;
        Headers headers = [];
        if (source.Message.Headers is { } original)
        {
            foreach (IHeader header in original)
            {
                if (header.Key == TraceParentHeader)
                {
                    headers.Add(header.Key, header.GetValueBytes());
                }
            }
        }

        headers.Add("sw.dlq.reason", reason.CodeUtf8());
        headers.Add("sw.dlq.detail", Encoding.UTF8.GetBytes(DecodeResult.Sanitize(detail)));
        headers.Add("sw.dlq.topic", Encoding.UTF8.GetBytes(source.Topic));
        headers.Add("sw.dlq.partition", Encoding.UTF8.GetBytes(source.Partition.Value.ToString(CultureInfo.InvariantCulture)));
        headers.Add("sw.dlq.offset", Encoding.UTF8.GetBytes(source.Offset.Value.ToString(CultureInfo.InvariantCulture)));
        headers.Add("sw.dlq.timestamp", Encoding.UTF8.GetBytes(source.Message.Timestamp.UnixTimestampMs.ToString(CultureInfo.InvariantCulture)));
        if (exceptionType is not null)
        {
            headers.Add("sw.dlq.exception", Encoding.UTF8.GetBytes(exceptionType));
        }

        if (truncated)
        {
            headers.Add("sw.dlq.truncated", Encoding.UTF8.GetBytes(value.Length.ToString(CultureInfo.InvariantCulture)));
            value = value.AsSpan(0, maxValueBytes).ToArray();
        }

        return new Message<byte[], byte[]> { Key = source.Message.Key!, Value = value, Headers = headers };
    }

    private static Message<byte[], byte[]> Keyed(string sensorId, byte[] value, string? traceParent)
    {
        Message<byte[], byte[]> message = new() { Key = Encoding.UTF8.GetBytes(sensorId), Value = value };
        if (traceParent is not null)
        {
            message.Headers = [new Header(TraceParentHeader, Encoding.ASCII.GetBytes(traceParent))];
        }

        return message;
    }

    private static IEnumerable<(int Index, float Share)> TopFeatures(ReadOnlySpan<float> contributions, int count)
    {
        List<(int, float)> all = new(contributions.Length);
        for (int i = 0; i < contributions.Length; i++)
        {
            all.Add((i, float.IsFinite(contributions[i]) ? contributions[i] : 0f));
        }

        return all.OrderByDescending(pair => pair.Item2).Take(count);
    }

    private static string Iso(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;
}
