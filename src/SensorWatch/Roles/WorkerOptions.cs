namespace SensorWatch.Roles;

/// <summary>
/// Section <c>Worker</c>: how the scorer process runs its loop (timeouts, back-pressure, statistics, cold-start
/// training budget, model store). What a message is and how it is scored live in <c>Kafka</c> and <c>Scorer</c>
/// (<see cref="Configuration.KafkaOptions"/>, <see cref="Configuration.ScorerOptions"/>).
/// </summary>
internal sealed class WorkerOptions
{
    public const string Section = "Worker";

    /// <summary>Names this process in the group; also the suffix of the transactional id. Defaults to the host name.</summary>
    public string? InstanceId { get; set; }

    /// <summary>
    /// KIP-345 static membership: <c>group.instance.id</c> = <see cref="ResolvedInstanceId"/>, so a restart within the
    /// session timeout keeps its partitions without a rebalance. Every instance must then have a unique id: a second
    /// process with the same id fences the first (the broker answers FENCED_INSTANCE_ID, a fatal error: exit 1).
    /// </summary>
    public bool StaticMembership { get; set; }

    /// <summary>Budget for the drain, flush, commit and close on shutdown.</summary>
    public int ShutdownTimeoutSeconds { get; set; } = 15;

    /// <summary>librdkafka statistics interval (consumer lag comes from these); 0 disables them.</summary>
    public int StatisticsIntervalMs { get; set; } = 2000;

    public int SessionTimeoutMs { get; set; } = 10000;

    public int MaxPollIntervalMs { get; set; } = 300000;

    /// <summary>Exactly-once: one transaction commit at most every this many milliseconds.</summary>
    public int TransactionIntervalMs { get; set; } = 200;

    /// <summary>Consumed windows not yet acknowledged above which the partitions are paused (polling continues).</summary>
    public int MaxInFlightWindows { get; set; } = 20000;

    /// <summary>When false, a window for a key with no model is dead-lettered (<c>unknown-model</c>) instead of starting a cold start.</summary>
    public bool ColdStart { get; set; } = true;

    /// <summary>Directory of model snapshots loaded at start and written after each cold-start training; empty disables.</summary>
    public string ModelStore { get; set; } = "";

    /// <summary>Follow <c>Kafka:Topics:Models</c> and hot-swap every verified model published there (on by default).</summary>
    public bool FollowModelsTopic { get; set; } = true;

    /// <summary>Forward every scored window and alert transition to <c>Kafka:Topics:Samples</c> for the trainer (best effort; on by default).</summary>
    public bool PublishSamples { get; set; } = true;

    /// <summary>
    /// Share of the normal scored windows forwarded to <c>Kafka:Topics:Samples</c> (0 to 1, default 0.25), chosen
    /// deterministically per window (sensorId, start). Anomalous windows, windows of a sensor with an open alert and the
    /// alert transitions are always forwarded. 1 = every window (the demo, low-rate deployments).
    /// </summary>
    public double SampleFraction { get; set; } = 0.25;

    /// <summary>Publish each cold-start model to <c>Kafka:Topics:Models</c> (when that topic exists), so a trainer can retrain it and every replica serves it (off by default).</summary>
    public bool PublishColdStartModels { get; set; }

    /// <summary>Trainer: on each samples partition it is assigned, re-read up to this many recent records to rebuild its keys' samples (0 = from the end).</summary>
    public int TrainerReplayRecords { get; set; } = 4096;

    /// <summary>Cold-start model: hidden units per LSTM layer.</summary>
    public int ColdStartHidden { get; set; } = 16;

    /// <summary>Cold-start model: latent size.</summary>
    public int ColdStartLatent { get; set; } = 8;

    /// <summary>Cold-start model: most training epochs (early stopping may end sooner).</summary>
    public int ColdStartEpochs { get; set; } = 15;

    /// <summary>
    /// Cold-start model: lags p of the residual predictor in the window score (docs/detector.md; capped at T / 2,
    /// 0 = per-step score only). It lets the score see a changed oscillation the small model does not reproduce.
    /// </summary>
    public int ColdStartResidualLags { get; set; } = 16;

    /// <summary>Threads the background training may use (keep below the core count so the loop keeps polling).</summary>
    public int TrainingThreads { get; set; } = 1;

    /// <summary>Target false-alarm rate of the cold-start threshold calibration.</summary>
    public double TargetFalseAlarmRate { get; set; } = 0.005;

    public string ResolvedInstanceId => string.IsNullOrWhiteSpace(InstanceId) ? Environment.MachineName : InstanceId;

    /// <summary>Every invalid setting, each with its configuration path.</summary>
    public IReadOnlyList<string> Validate()
    {
        List<string> errors = [];
        Range(ShutdownTimeoutSeconds, 1, 600, nameof(ShutdownTimeoutSeconds), errors);
        Range(StatisticsIntervalMs, 0, 600000, nameof(StatisticsIntervalMs), errors);
        Range(SessionTimeoutMs, 1000, 3600000, nameof(SessionTimeoutMs), errors);
        Range(MaxPollIntervalMs, 1000, 86400000, nameof(MaxPollIntervalMs), errors);
        Range(TransactionIntervalMs, 1, 60000, nameof(TransactionIntervalMs), errors);
        Range(MaxInFlightWindows, 1, 10_000_000, nameof(MaxInFlightWindows), errors);
        Range(ColdStartHidden, 1, 1024, nameof(ColdStartHidden), errors);
        Range(ColdStartLatent, 1, 1024, nameof(ColdStartLatent), errors);
        Range(ColdStartEpochs, 1, 10000, nameof(ColdStartEpochs), errors);
        Range(ColdStartResidualLags, 0, 1024, nameof(ColdStartResidualLags), errors);
        Range(TrainingThreads, 1, 256, nameof(TrainingThreads), errors);
        Range(TrainerReplayRecords, 0, 10_000_000, nameof(TrainerReplayRecords), errors);
        if (MaxPollIntervalMs < SessionTimeoutMs)
        {
            errors.Add($"{Section}:MaxPollIntervalMs ({MaxPollIntervalMs}) must be at least {Section}:SessionTimeoutMs ({SessionTimeoutMs}).");
        }

        if (!(SampleFraction is >= 0 and <= 1))
        {
            errors.Add($"{Section}:SampleFraction must be 0 to 1: the share of normal scored windows forwarded to the samples topic (got {SampleFraction}).");
        }

        if (!(TargetFalseAlarmRate > 0 && TargetFalseAlarmRate < 0.5))
        {
            errors.Add($"{Section}:TargetFalseAlarmRate must be above 0 and below 0.5 (got {TargetFalseAlarmRate}).");
        }

        if (!string.IsNullOrEmpty(ModelStore) && ModelStore.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            errors.Add($"{Section}:ModelStore \"{ModelStore}\" is not a valid path.");
        }

        if (InstanceId is not null && InstanceId.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')))
        {
            errors.Add($"{Section}:InstanceId \"{InstanceId}\" may only contain ASCII letters, digits, '.', '_' and '-'.");
        }

        return errors;
    }

    private static void Range(int value, int min, int max, string name, List<string> errors)
    {
        if (value < min || value > max)
        {
            errors.Add($"{Section}:{name} must be {min} to {max} (got {value}).");
        }
    }
}
