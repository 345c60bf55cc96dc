namespace SensorWatch.Kafka.Messages;

/// <summary>Header names of a dead-letter record (values are UTF-8 text).</summary>
internal static class DeadLetterHeaders
{
    /// <summary>The reason code, e.g. <c>malformed-json</c>.</summary>
    public const string Reason = "sw.dlq.reason";

    /// <summary>A short human explanation (≤ 200 characters).</summary>
    public const string Detail = "sw.dlq.detail";

    /// <summary>The topic the message was consumed from.</summary>
    public const string Topic = "sw.dlq.topic";

    /// <summary>Its partition (decimal).</summary>
    public const string Partition = "sw.dlq.partition";

    /// <summary>Its offset (decimal).</summary>
    public const string Offset = "sw.dlq.offset";

    /// <summary>The exception type's full name, when an exception caused the dead letter.</summary>
    public const string Exception = "sw.dlq.exception";

    /// <summary>The builder's timestamp argument (RFC 3339 UTC with milliseconds); the scorer passes the original message's timestamp.</summary>
    public const string Timestamp = "sw.dlq.timestamp";

    /// <summary>The original message's Kafka timestamp (Unix ms), when the worker passes it.</summary>
    public const string OriginalTimestamp = "sw.dlq.original-timestamp";

    /// <summary>Present when the key and/or value were cut: <c>key</c>, <c>value</c> or <c>key,value</c>.</summary>
    public const string Truncated = "sw.dlq.truncated";

    /// <summary>The original value length in bytes (always present).</summary>
    public const string OriginalValueBytes = "sw.dlq.original-value-bytes";

    /// <summary>The original key length in bytes (present when the key was cut).</summary>
    public const string OriginalKeyBytes = "sw.dlq.original-key-bytes";

    /// <summary>Present when the original headers were not copied (too large): how many were dropped.</summary>
    public const string HeadersDropped = "sw.dlq.headers-dropped";

    /// <summary>Prefix of every SensorWatch dead-letter header; original headers with it are not copied.</summary>
    public const string Prefix = "sw.dlq.";
}
