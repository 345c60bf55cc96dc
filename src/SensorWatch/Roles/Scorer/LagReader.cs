using System.Text.Json;

namespace SensorWatch.Roles.Scorer;

/// <summary>Sums <c>consumer_lag</c> over the desired partitions of librdkafka's statistics JSON (-1 when unknown).</summary>
internal static class LagReader
{
    public static long TotalLag(string statistics)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(statistics);
            if (!document.RootElement.TryGetProperty("topics", out JsonElement topics) || topics.ValueKind != JsonValueKind.Object)
            {
                return -1;
            }

            long total = 0;
            bool any = false;
            foreach (JsonProperty topic in topics.EnumerateObject())
            {
                if (!topic.Value.TryGetProperty("partitions", out JsonElement partitions) || partitions.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                foreach (JsonProperty partition in partitions.EnumerateObject())
                {
                    JsonElement value = partition.Value;
                    if (partition.Name == "-1" || !value.TryGetProperty("desired", out JsonElement desired) || !desired.GetBoolean())
                    {
                        continue;
                    }

                    if (value.TryGetProperty("consumer_lag", out JsonElement lag) && lag.TryGetInt64(out long partitionLag) && partitionLag >= 0)
                    {
                        total += partitionLag;
                        any = true;
                    }
                }
            }

            return any ? total : -1;
        }
        catch (JsonException)
        {
            return -1;
        }
    }
}
