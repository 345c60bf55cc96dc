using Confluent.Kafka;

namespace SensorWatch.Kafka;

/// <summary>One record to produce for an input: the topic, the message (key = sensorId) and the input it is owed to.</summary>
internal sealed record OutputRecord(string Topic, Message<byte[], byte[]> Message, InputTicket Ticket, OutputKind Kind)
{
    /// <summary>An explicit partition (the alert-state checkpoints pick theirs); null = the producer's partitioner by key.</summary>
    public int? Partition { get; init; }
}
