namespace SensorWatch.Telemetry;

/// <summary>A consumer-group rebalance event, as the consumer saw it.</summary>
internal enum RebalanceKind
{
    /// <summary>Partitions were assigned to this consumer.</summary>
    Assigned,

    /// <summary>Partitions were revoked in an orderly way (offsets could be committed).</summary>
    Revoked,

    /// <summary>Partitions were lost (session timeout; offsets could not be committed).</summary>
    Lost,
}
