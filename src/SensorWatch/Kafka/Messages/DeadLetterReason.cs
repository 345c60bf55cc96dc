namespace SensorWatch.Kafka.Messages;

/// <summary>
/// Why a message was dead-lettered. Each value has one stable kebab-case code (<see cref="DeadLetterReasons.Code"/>)
/// written to the <c>sw.dlq.reason</c> header and used as the <c>reason</c> metric tag; docs/contracts-messages.md lists them.
/// </summary>
internal enum DeadLetterReason
{
    /// <summary>Not a failure: the message decoded and validated.</summary>
    None = 0,
    EmptyPayload,
    OversizedPayload,
    OversizedKey,
    OversizedHeaders,
    InvalidUtf8,
    MalformedJson,
    TooDeep,
    WrongType,
    DuplicateKey,
    MissingField,
    StringTooLong,
    ArrayTooLong,
    EmptyWindow,
    RaggedRows,
    NonFiniteValue,
    ValueOutOfRange,
    SubnormalValue,
    TooManyMissing,
    BadTimestamp,
    TimestampOutOfRange,
    BadInterval,
    KeyMismatch,
    UnknownModel,
    WrongWindowLength,
    WrongFeatureCount,
    FeatureMismatch,
    BadVerdict,
    ProcessingError,
}
