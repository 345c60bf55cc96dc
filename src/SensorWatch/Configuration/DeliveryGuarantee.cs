namespace SensorWatch.Configuration;

/// <summary>The worker's delivery guarantee (<c>Kafka:Guarantee</c>).</summary>
internal enum DeliveryGuarantee
{
    /// <summary>Offsets stored only after the outputs of those windows are acknowledged; duplicates possible after a crash.</summary>
    AtLeastOnce,

    /// <summary>Transactional producer with the consumed offsets sent in the transaction; readers use read_committed.</summary>
    ExactlyOnce,
}
