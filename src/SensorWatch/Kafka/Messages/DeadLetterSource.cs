namespace SensorWatch.Kafka.Messages;

/// <summary>Where a dead-lettered message was consumed from.</summary>
internal readonly record struct DeadLetterSource(string Topic, int Partition, long Offset);
