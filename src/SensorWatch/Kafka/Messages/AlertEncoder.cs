using System.Text.Json;
using SensorWatch.Core.Alerting;

namespace SensorWatch.Kafka.Messages;

/// <summary>
/// Encodes an alert for <c>sensor.alerts</c> (DESIGN §3; format in docs/contracts-messages.md) with a reused
/// Utf8JsonWriter: <c>alertId, sensorId, model, modelVersion, state, windowStart, windowEnd, score, threshold,
/// severity, topFeatures [{feature, share}], traceId, openedAt</c>, plus <c>resolvedBy: "maintenance"</c> when
/// maintenance resolved it. Top features are the <paramref name="topFeatures"/> largest per-feature contributions with
/// their share of the total (contributions ≥ 0; negative or non-finite ones count as 0). Not thread-safe.
/// </summary>
internal sealed class AlertEncoder(int topFeatures = 3)
{
    private readonly JsonOutput _output = new();

    /// <summary>The JSON bytes of one alert.</summary>
    /// <param name="transition">An Open, Update or Resolved transition.</param>
    /// <param name="context">Sensor, model, version, trace.</param>
    /// <param name="contributions">(D) per-feature error contributions of the window; may be empty (then topFeatures is []).</param>
    /// <param name="featureNames">D names, or null to name features f0, f1, ….</param>
    public byte[] Encode(in AlertTransition transition, in AlertContext context, ReadOnlySpan<float> contributions, IReadOnlyList<string>? featureNames)
    {
        if (!transition.IsPublishable || transition.AlertId is null)
        {
            throw new ArgumentException($"Only Open, Update and Resolved transitions are published, got {transition.Kind}.", nameof(transition));
        }

        Utf8JsonWriter writer = _output.Begin();
        writer.WriteStartObject();
        writer.WriteString("alertId"u8, transition.AlertId);
        writer.WriteString("sensorId"u8, context.SensorId);
        writer.WriteString("model"u8, context.Model);
        writer.WriteString("modelVersion"u8, context.ModelVersion);
        writer.WriteString("state"u8, StateName(transition.Kind));
        JsonOutput.WriteTimestamp(writer, "windowStart"u8, transition.WindowStartMs);
        JsonOutput.WriteTimestamp(writer, "windowEnd"u8, transition.WindowEndMs);
        JsonOutput.WriteNumberOrNull(writer, "score"u8, transition.Score);
        JsonOutput.WriteNumberOrNull(writer, "threshold"u8, transition.Threshold);
        writer.WriteNumber("severity"u8, Math.Clamp(transition.Severity, 0, 100));
        WriteTopFeatures(writer, contributions, featureNames);
        JsonOutput.WriteStringOrNull(writer, "traceId"u8, context.TraceId);
        JsonOutput.WriteTimestamp(writer, "openedAt"u8, transition.OpenedAtMs);
        if (transition.ByMaintenance)
        {
            writer.WriteString("resolvedBy"u8, "maintenance"u8);
        }

        writer.WriteEndObject();
        return _output.End();
    }

    /// <summary>The wire name of a publishable transition.</summary>
    public static ReadOnlySpan<byte> StateName(AlertTransitionKind kind) => kind switch
    {
        AlertTransitionKind.Open => "open"u8,
        AlertTransitionKind.Update => "update"u8,
        AlertTransitionKind.Resolved => "resolved"u8,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a published alert state"),
    };

    private void WriteTopFeatures(Utf8JsonWriter writer, ReadOnlySpan<float> contributions, IReadOnlyList<string>? names)
    {
        writer.WriteStartArray("topFeatures"u8);
        double total = 0;
        foreach (float c in contributions)
        {
            total += Clean(c);
        }

        int count = Math.Min(topFeatures, contributions.Length);
        Span<int> chosen = count <= 64 ? stackalloc int[count] : new int[count];
        int taken = 0;
        while (taken < count && total > 0)
        {
            int best = -1;
            for (int i = 0; i < contributions.Length; i++)
            {
                if (Clean(contributions[i]) > 0 && !chosen[..taken].Contains(i) && (best < 0 || Clean(contributions[i]) > Clean(contributions[best])))
                {
                    best = i;
                }
            }

            if (best < 0)
            {
                break;
            }

            chosen[taken++] = best;
            writer.WriteStartObject();
            writer.WriteString("feature"u8, names is not null && best < names.Count ? names[best] : $"f{best}");
            writer.WriteNumber("share"u8, Math.Round(Clean(contributions[best]) / total, 4));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static double Clean(float value) => float.IsFinite(value) && value > 0 ? value : 0;
}
