using SensorWatch.Configuration;

namespace SensorWatch.Roles;

/// <summary>The three validated sections the scorer runs on, handed around together.</summary>
internal sealed record WorkerSettings(KafkaOptions Kafka, ScorerOptions Scorer, WorkerOptions Worker)
{
    /// <summary>Transactional id: prefix, group and instance, so a restarted instance fences its predecessor.</summary>
    public string TransactionalId => $"{Kafka.TransactionalIdPrefix}-{Kafka.GroupId}-{Worker.ResolvedInstanceId}";

    public bool ExactlyOnce => Kafka.Guarantee == DeliveryGuarantee.ExactlyOnce;
}
