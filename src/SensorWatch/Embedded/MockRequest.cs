namespace SensorWatch.Embedded;

/// <summary>One request the mock cluster received while request tracking was on.</summary>
/// <param name="BrokerId">The broker that received it.</param>
/// <param name="ApiKey">The Kafka API key (see <see cref="KafkaApiKey"/>; unknown keys keep their number).</param>
/// <param name="TimestampMicroseconds">librdkafka's monotonic clock at receipt, in microseconds.</param>
internal readonly record struct MockRequest(int BrokerId, KafkaApiKey ApiKey, long TimestampMicroseconds);
