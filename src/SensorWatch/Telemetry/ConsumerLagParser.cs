using System.Globalization;
using System.Text.Json;

namespace SensorWatch.Telemetry;

/// <summary>
/// Reads consumer lag per partition from librdkafka's statistics JSON (the consumer's statistics handler,
/// enabled by <c>statistics.interval.ms</c>). Shape read:
/// <c>{ "topics": { "&lt;topic&gt;": { "partitions": { "&lt;id&gt;": { "partition": 0, "desired": true, "consumer_lag": 12 } } } } }</c>.
/// Skipped: the internal partition <c>-1</c>, partitions this consumer does not want (<c>desired</c> false),
/// and unknown lag (<c>-1</c>, e.g. before the first commit).
/// </summary>
internal static class ConsumerLagParser
{
    /// <summary>Parses the statistics; on malformed input returns false and names what was wrong, never throws.</summary>
    public static bool TryParse(string statisticsJson, out IReadOnlyList<PartitionLag> lags, out string? error)
    {
        ArgumentNullException.ThrowIfNull(statisticsJson);
        List<PartitionLag> result = [];
        lags = result;
        try
        {
            using JsonDocument document = JsonDocument.Parse(statisticsJson);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = $"statistics JSON must be an object, found {document.RootElement.ValueKind}";
                return false;
            }

            if (!document.RootElement.TryGetProperty("topics", out JsonElement topics))
            {
                error = null; // a producer or a consumer without subscriptions: no lag to report
                return true;
            }

            if (topics.ValueKind != JsonValueKind.Object)
            {
                error = $"'topics' must be an object, found {topics.ValueKind}";
                return false;
            }

            foreach (JsonProperty topic in topics.EnumerateObject())
            {
                if (topic.Value.ValueKind != JsonValueKind.Object
                    || !topic.Value.TryGetProperty("partitions", out JsonElement partitions)
                    || partitions.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                foreach (JsonProperty partition in partitions.EnumerateObject())
                {
                    if (TryReadPartition(topic.Name, partition, out PartitionLag? lag))
                    {
                        result.Add(lag);
                    }
                }
            }

            error = null;
            return true;
        }
        catch (JsonException exception)
        {
            result.Clear();
            error = $"statistics JSON is malformed: {exception.Message}";
            return false;
        }
    }

    private static bool TryReadPartition(string topic, JsonProperty partition, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PartitionLag? lag)
    {
        lag = null;
        if (partition.Value.ValueKind != JsonValueKind.Object
            || !int.TryParse(partition.Name, NumberStyles.Integer, CultureInfo.InvariantCulture, out int id)
            || id < 0)
        {
            return false;
        }

        if (partition.Value.TryGetProperty("desired", out JsonElement desired) && desired.ValueKind == JsonValueKind.False)
        {
            return false;
        }

        if (!partition.Value.TryGetProperty("consumer_lag", out JsonElement lagElement)
            || lagElement.ValueKind != JsonValueKind.Number
            || !lagElement.TryGetInt64(out long value)
            || value < 0)
        {
            return false;
        }

        lag = new PartitionLag(topic, id, value);
        return true;
    }
}
