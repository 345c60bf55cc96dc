namespace SensorWatch.IntegrationTests.Infrastructure;

/// <summary>Which Kafka a test runs against.</summary>
public enum KafkaBackend
{
    /// <summary>librdkafka's mock cluster in-process (always available, supports fault injection).</summary>
    Embedded,

    /// <summary>Apache Kafka in a container through Testcontainers.Kafka (needs a Docker engine).</summary>
    Container,
}
