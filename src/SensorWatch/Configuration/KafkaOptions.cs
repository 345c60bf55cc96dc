namespace SensorWatch.Configuration;

/// <summary>
/// Section <c>Kafka</c>: where the cluster is, which topics, which guarantee, and any librdkafka setting passed through
/// (<c>Kafka:Client:sasl.mechanism</c>, <c>Kafka:Client:ssl.ca.location</c>, …; environment variable form
/// <c>SENSORWATCH__KAFKA__CLIENT__sasl.password</c>). Secrets in <see cref="Client"/> are never logged:
/// use <see cref="ToString"/> or <see cref="SecretRedactor"/>.
/// </summary>
internal sealed class KafkaOptions
{
    public const string Section = "Kafka";

    /// <summary>Comma-separated host:port list.</summary>
    public string BootstrapServers { get; set; } = string.Empty;

    /// <summary>The scorers' consumer group.</summary>
    public string GroupId { get; set; } = "sensorwatch-scorer";

    /// <summary>The trainers' consumer group.</summary>
    public string TrainerGroupId { get; set; } = "sensorwatch-trainer";

    public TopicOptions Topics { get; set; } = new();

    public DeliveryGuarantee Guarantee { get; set; } = DeliveryGuarantee.AtLeastOnce;

    /// <summary>Prefix of transactional ids in exactly-once mode (one id per worker instance is derived from it).</summary>
    public string TransactionalIdPrefix { get; set; } = "sensorwatch";

    /// <summary>Any librdkafka property, passed through verbatim (these win over the typed settings above).</summary>
    public Dictionary<string, string> Client { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long start-up waits for the cluster before failing with a clear error.</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The client properties the worker gives Confluent.Kafka: bootstrap servers, then every passthrough key.</summary>
    public Dictionary<string, string> ClientProperties()
    {
        Dictionary<string, string> properties = new(StringComparer.Ordinal) { ["bootstrap.servers"] = BootstrapServers };
        foreach (KeyValuePair<string, string> setting in Client)
        {
            properties[setting.Key] = setting.Value;
        }

        return properties;
    }

    /// <summary>Every invalid setting, each with its configuration path.</summary>
    public IReadOnlyList<string> Validate()
    {
        List<string> errors = [];
        if (string.IsNullOrWhiteSpace(BootstrapServers) && !Client.ContainsKey("bootstrap.servers"))
        {
            errors.Add($"{Section}:BootstrapServers is required (host:port[,host:port…]); env SENSORWATCH__KAFKA__BOOTSTRAPSERVERS.");
        }
        else
        {
            foreach (string server in BootstrapServers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                int colon = server.LastIndexOf(':');
                if (colon <= 0 || !int.TryParse(server.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
                {
                    errors.Add($"{Section}:BootstrapServers entry \"{server}\" is not host:port with a port 1-65535.");
                }
            }
        }

        if (string.IsNullOrWhiteSpace(GroupId))
        {
            errors.Add($"{Section}:GroupId is required.");
        }

        if (string.IsNullOrWhiteSpace(TrainerGroupId))
        {
            errors.Add($"{Section}:TrainerGroupId is required.");
        }

        if (!Enum.IsDefined(Guarantee))
        {
            errors.Add($"{Section}:Guarantee must be AtLeastOnce or ExactlyOnce (got {(int)Guarantee}).");
        }

        if (Guarantee == DeliveryGuarantee.ExactlyOnce && string.IsNullOrWhiteSpace(TransactionalIdPrefix))
        {
            errors.Add($"{Section}:TransactionalIdPrefix is required when Guarantee is ExactlyOnce.");
        }

        if (Guarantee == DeliveryGuarantee.ExactlyOnce && !string.IsNullOrEmpty(Topics.Readings))
        {
            // A reading's offset can only be committed once every window containing it is out, and a replayed partition
            // re-assembles windows already committed: without checkpointed assembler state that is not exactly-once.
            errors.Add($"{Section}:Topics:Readings must be empty when Guarantee is ExactlyOnce (got \"{Topics.Readings}\"): the readings form is at-least-once only; set {Section}:Topics:Readings to \"\" (env SENSORWATCH__KAFKA__TOPICS__READINGS=) or use AtLeastOnce.");
        }

        if (StartupTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{Section}:StartupTimeout must be positive (got {StartupTimeout}).");
        }

        foreach (KeyValuePair<string, string> setting in Client)
        {
            if (string.IsNullOrWhiteSpace(setting.Key) || setting.Key.Any(char.IsWhiteSpace))
            {
                errors.Add($"{Section}:Client has an empty or blank key \"{setting.Key}\".");
            }

            if (setting.Key is "enable.auto.offset.store" or "group.id" or "transactional.id")
            {
                errors.Add($"{Section}:Client:{setting.Key} is managed by SensorWatch (delivery guarantee) and must not be set here.");
            }
        }

        errors.AddRange(Topics.Validate($"{Section}:Topics"));
        return errors;
    }

    /// <summary>A one-line description with secrets masked (safe to log).</summary>
    public override string ToString() =>
        $"BootstrapServers={BootstrapServers}, GroupId={GroupId}, Guarantee={Guarantee}, Client=[{SecretRedactor.Describe(Client)}]";
}
