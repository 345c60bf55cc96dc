using SensorWatch.Configuration;
using SensorWatch.Core.Retraining;

namespace SensorWatch.Roles;

/// <summary>The validated sections the scorer and the trainer run on, handed around together.</summary>
internal sealed record WorkerSettings(KafkaOptions Kafka, ScorerOptions Scorer, WorkerOptions Worker)
{
    /// <summary>Section <c>Retraining</c>: the trainer role's schedule, budget, sample and promotion gate.</summary>
    public RetrainingOptions Retraining { get; init; } = new();

    /// <summary>Transactional id: prefix, group and instance, so a restarted instance fences its predecessor.</summary>
    public string TransactionalId => $"{Kafka.TransactionalIdPrefix}-{Kafka.GroupId}-{Worker.ResolvedInstanceId}";

    public bool ExactlyOnce => Kafka.Guarantee == DeliveryGuarantee.ExactlyOnce;
}
