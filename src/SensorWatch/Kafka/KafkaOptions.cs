namespace SensorWatch.Kafka;

/// <summary>
/// Configuration section <c>Kafka</c>: where the cluster is, the consumer group, the delivery guarantee and the
/// topics. Any librdkafka property passes through <see cref="Client"/> (<c>Kafka:Client:sasl.mechanism</c>, ...),
/// so SASL and TLS need no code. Values of secret-looking keys are never logged (<see cref="KafkaSecrets"/>).
/// </summary>
internal sealed class KafkaOptions
{
    public const string SectionName = "Kafka";

    public string BootstrapServers { get; set; } = "localhost:9092";

    public string GroupId { get; set; } = "sensorwatch-scorer";

    /// <summary>Names this process in the group; also the suffix of the transactional id. Defaults to the host name.</summary>
    public string? InstanceId { get; set; }

    public DeliveryGuarantee Guarantee { get; set; } = DeliveryGuarantee.AtLeastOnce;

    public KafkaTopicsOptions Topics { get; set; } = new();

    /// <summary>How long <c>run</c> waits for the cluster at start before it gives up with a clear error.</summary>
    public int StartupTimeoutSeconds { get; set; } = 30;

    /// <summary>Budget for the drain, flush, commit and close on shutdown.</summary>
    public int ShutdownTimeoutSeconds { get; set; } = 15;

    /// <summary>librdkafka statistics interval (consumer lag comes from these); 0 disables them.</summary>
    public int StatisticsIntervalMs { get; set; } = 2000;

    public int SessionTimeoutMs { get; set; } = 10000;

    public int MaxPollIntervalMs { get; set; } = 300000;

    /// <summary>Transactions per second are bounded by this: one commit at most every this many milliseconds (exactly-once only).</summary>
    public int TransactionIntervalMs { get; set; } = 200;

    /// <summary>Extra librdkafka properties applied to every client, verbatim (later wins over the typed settings above).</summary>
    public Dictionary<string, string> Client { get; set; } = new(StringComparer.Ordinal);

    public string ResolvedInstanceId => string.IsNullOrWhiteSpace(InstanceId) ? Environment.MachineName : InstanceId;

    /// <summary>The transactional id: stable per group and instance so a restarted instance fences its predecessor.</summary>
    public string TransactionalId => $"{GroupId}-{ResolvedInstanceId}";

    public void Validate(ICollection<string> errors)
    {
        if (string.IsNullOrWhiteSpace(BootstrapServers))
        {
            errors.Add("Kafka:BootstrapServers is empty; give HOST:PORT[,HOST:PORT...] (or --bootstrap).");
        }
        else
        {
            foreach (string server in BootstrapServers.Split(',', StringSplitOptions.TrimEntries))
            {
                int colon = server.LastIndexOf(':');
                if (colon <= 0 || !int.TryParse(server.AsSpan(colon + 1), out int port) || port is < 1 or > 65535)
                {
                    errors.Add($"Kafka:BootstrapServers entry '{server}' is not HOST:PORT.");
                }
            }
        }

        if (string.IsNullOrWhiteSpace(GroupId))
        {
            errors.Add("Kafka:GroupId is empty.");
        }

        if (!Enum.IsDefined(Guarantee))
        {
            errors.Add($"Kafka:Guarantee '{Guarantee}' is not AtLeastOnce or ExactlyOnce.");
        }

        Range(StartupTimeoutSeconds, 1, 3600, "Kafka:StartupTimeoutSeconds", errors);
        Range(ShutdownTimeoutSeconds, 1, 600, "Kafka:ShutdownTimeoutSeconds", errors);
        Range(StatisticsIntervalMs, 0, 600000, "Kafka:StatisticsIntervalMs", errors);
        Range(SessionTimeoutMs, 1000, 3600000, "Kafka:SessionTimeoutMs", errors);
        Range(MaxPollIntervalMs, 1000, 86400000, "Kafka:MaxPollIntervalMs", errors);
        Range(TransactionIntervalMs, 1, 60000, "Kafka:TransactionIntervalMs", errors);
        if (MaxPollIntervalMs < SessionTimeoutMs)
        {
            errors.Add($"Kafka:MaxPollIntervalMs ({MaxPollIntervalMs}) must be at least Kafka:SessionTimeoutMs ({SessionTimeoutMs}).");
        }

        foreach (string key in Client.Keys)
        {
            if (key is "enable.auto.offset.store" or "enable.idempotence" or "transactional.id" or "group.id" or "isolation.level")
            {
                errors.Add($"Kafka:Client:{key} is managed by SensorWatch (it decides the delivery guarantee); set Kafka:Guarantee or Kafka:GroupId instead.");
            }
        }

        Topics.Validate(errors);
    }

    private static void Range(int value, int min, int max, string name, ICollection<string> errors)
    {
        if (value < min || value > max)
        {
            errors.Add($"{name} is {value}; it must be between {min} and {max}.");
        }
    }
}
