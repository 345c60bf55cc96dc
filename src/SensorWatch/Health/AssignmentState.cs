namespace SensorWatch.Health;

/// <summary>Where the consumer stands in its group (readiness accepts the last two).</summary>
internal enum AssignmentState
{
    /// <summary>The consumer has not subscribed yet (process starting).</summary>
    NotStarted,

    /// <summary>Subscribed and waiting for (or left without) partitions: normal when replicas exceed partitions.</summary>
    AwaitingAssignment,

    /// <summary>At least one partition is assigned.</summary>
    Assigned,
}
