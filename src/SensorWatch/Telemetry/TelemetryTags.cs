namespace SensorWatch.Telemetry;

/// <summary>
/// Every tag (attribute) name SensorWatch puts on a metric or a span. Metric tags are bounded: a model key,
/// a topic, a partition, a reason code from a fixed set. A sensor id is never a metric tag (unbounded
/// cardinality); it may appear on a span only through the worker's own span events.
/// </summary>
internal static class TelemetryTags
{
    /// <summary>The model key a window is scored with (bounded by configuration).</summary>
    public const string ModelKey = "sensorwatch.model.key";

    /// <summary>Why a window was consumed but not scored: <c>probation</c> or <c>refused</c>.</summary>
    public const string UnscoredReason = "sensorwatch.unscored.reason";

    /// <summary>Alert transition: <c>opened</c> or <c>resolved</c>.</summary>
    public const string AlertTransition = "sensorwatch.alert.transition";

    /// <summary>The model version an operator verdict applies to (capped like model keys).</summary>
    public const string ModelVersion = "sensorwatch.alert.model_version";

    /// <summary>An operator verdict on an alert: confirmed or false_positive.</summary>
    public const string Verdict = "sensorwatch.feedback.verdict";

    /// <summary>Rebalance kind: <c>assigned</c>, <c>revoked</c> or <c>lost</c>.</summary>
    public const string RebalanceKind = "sensorwatch.rebalance.kind";

    /// <summary>Retraining outcome: <c>promoted</c>, <c>rejected</c> or <c>rolled_back</c>.</summary>
    public const string RetrainOutcome = "sensorwatch.retrain.outcome";

    /// <summary>Retraining phase of a model key: <c>idle</c>, <c>training</c>, <c>shadow</c> or <c>watching</c>.</summary>
    public const string RetrainPhase = "sensorwatch.retrain.phase";

    /// <summary>Which loss a training-loss gauge holds: <c>train</c> or <c>validation</c>.</summary>
    public const string LossSplit = "sensorwatch.loss.split";

    /// <summary>OpenTelemetry semantic convention: the class of an error (a DLQ reason code, a Kafka error code).</summary>
    public const string ErrorType = "error.type";

    /// <summary>OpenTelemetry semantic convention: the messaging system (always <c>kafka</c>).</summary>
    public const string MessagingSystem = "messaging.system";

    /// <summary>OpenTelemetry semantic convention: the topic.</summary>
    public const string DestinationName = "messaging.destination.name";

    /// <summary>OpenTelemetry semantic convention: the partition id as a string.</summary>
    public const string PartitionId = "messaging.destination.partition.id";

    /// <summary>OpenTelemetry semantic convention: the consumer group.</summary>
    public const string ConsumerGroup = "messaging.consumer.group.name";

    /// <summary>OpenTelemetry semantic convention: <c>receive</c>, <c>process</c>, <c>send</c>.</summary>
    public const string OperationType = "messaging.operation.type";

    /// <summary>OpenTelemetry semantic convention: the operation's own name.</summary>
    public const string OperationName = "messaging.operation.name";

    /// <summary>OpenTelemetry semantic convention (current name): the message offset.</summary>
    public const string KafkaOffset = "messaging.kafka.offset";

    /// <summary>OpenTelemetry semantic convention (older name, still read by many backends): the message offset.</summary>
    public const string KafkaMessageOffset = "messaging.kafka.message.offset";

    /// <summary>OpenTelemetry semantic convention: CPU mode of <c>process.cpu.time</c>.</summary>
    public const string CpuMode = "cpu.mode";

    /// <summary>The Kafka system name for <see cref="MessagingSystem"/>.</summary>
    public const string Kafka = "kafka";
}
