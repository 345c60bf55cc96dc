namespace SensorWatch.Embedded;

/// <summary>Settings of an <see cref="EmbeddedKafkaCluster"/>.</summary>
internal sealed record EmbeddedKafkaClusterOptions
{
    /// <summary>Number of brokers, ids 1..N.</summary>
    public int Brokers { get; init; } = 3;

    /// <summary>
    /// Delay before the first rebalance of a new consumer group. The mock's default is 3000 ms, which slows
    /// every first join; 0 here.
    /// </summary>
    public int InitialRebalanceDelayMs { get; init; }

    /// <summary>Upper bound for one control call (they block until the mock thread replies).</summary>
    public TimeSpan ControlTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>syslog level of the owner handle's log (0 emerg .. 7 debug); 2 keeps it quiet on stderr.</summary>
    public int LogLevel { get; init; } = 2;

    /// <summary>Lists every invalid setting (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        List<string> errors = [];
        if (Brokers is < 1 or > 64)
        {
            errors.Add($"Brokers must be 1..64, was {Brokers}.");
        }

        if (InitialRebalanceDelayMs < 0)
        {
            errors.Add($"InitialRebalanceDelayMs must be >= 0, was {InitialRebalanceDelayMs}.");
        }

        if (ControlTimeout <= TimeSpan.Zero)
        {
            errors.Add($"ControlTimeout must be positive, was {ControlTimeout}.");
        }

        if (LogLevel is < 0 or > 7)
        {
            errors.Add($"LogLevel must be 0..7, was {LogLevel}.");
        }

        return errors;
    }
}
