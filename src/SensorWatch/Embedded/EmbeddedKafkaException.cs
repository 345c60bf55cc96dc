namespace SensorWatch.Embedded;

/// <summary>A failure of the embedded Kafka cluster: library not loadable, symbol missing, control call rejected or timed out.</summary>
internal sealed class EmbeddedKafkaException : Exception
{
    public EmbeddedKafkaException(string message)
        : base(message)
    {
    }

    public EmbeddedKafkaException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
