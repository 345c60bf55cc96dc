namespace SensorWatch.Kafka;

/// <summary>What the scorer promises about each input window's outputs (score record, alert, dead letter).</summary>
internal enum DeliveryGuarantee
{
    /// <summary>
    /// Default. Idempotent producer; an input offset is stored (and later auto-committed) only after every output
    /// for it and for all earlier offsets of its partition is acknowledged by the broker. A crash replays at most
    /// the in-flight windows, so outputs may repeat (alert ids are deterministic) but are never lost.
    /// </summary>
    AtLeastOnce,

    /// <summary>
    /// Transactional producer: outputs and input offsets are committed in one Kafka transaction per batch.
    /// Readers with <c>isolation.level=read_committed</c> see every output once. On any error the transaction
    /// is aborted and the consumer rewinds to the last committed offsets.
    /// </summary>
    ExactlyOnce,
}
