namespace SensorWatch.Kafka;

/// <summary>How the worker reacts to a Kafka error (decided in one place: <see cref="KafkaErrorPolicy"/>).</summary>
internal enum KafkaErrorKind
{
    /// <summary>librdkafka recovers by itself (reconnects, retries); log at debug and count.</summary>
    Transient,

    /// <summary>The operation failed but the worker can retry or replay it; log a warning and count.</summary>
    Retriable,

    /// <summary>The current transaction must be aborted and the input rewound (exactly-once only).</summary>
    AbortTransaction,

    /// <summary>The client cannot continue (fenced, authentication, bad config): stop the host with a non-zero exit.</summary>
    Fatal,
}
