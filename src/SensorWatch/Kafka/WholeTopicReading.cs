using Confluent.Kafka;

namespace SensorWatch.Kafka;

/// <summary>
/// Helpers for the background readers that read a whole topic without a consumer group (the scorer's and the
/// trainer's feedback readers): list every partition from the beginning.
/// </summary>
internal static class WholeTopicReading
{
    /// <summary>
    /// Every partition of <paramref name="topic"/> at <see cref="Offset.Beginning"/>, from metadata fetched through the
    /// client behind <paramref name="handle"/>. Returns null when listed, else the problem (the broker's reason, or
    /// "not in the metadata"); never throws a <see cref="KafkaException"/>.
    /// </summary>
    public static string? ProblemListing(Handle handle, string topic, TimeSpan timeout, out List<TopicPartitionOffset> partitions)
    {
        partitions = [];
        try
        {
            using IAdminClient admin = new DependentAdminClientBuilder(handle).Build();
            TopicMetadata? metadata = admin.GetMetadata(topic, timeout).Topics.FirstOrDefault(t => t.Topic == topic);
            if (metadata is { Error.IsError: false, Partitions.Count: > 0 })
            {
                partitions = [.. metadata.Partitions.Select(p => new TopicPartitionOffset(topic, p.PartitionId, Offset.Beginning))];
                return null;
            }

            return metadata?.Error.Reason ?? "not in the metadata";
        }
        catch (KafkaException exception)
        {
            return exception.Error.Reason;
        }
    }
}
