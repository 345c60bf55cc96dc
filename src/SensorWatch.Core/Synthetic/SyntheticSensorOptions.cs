namespace SensorWatch.Core.Synthetic;

/// <summary>Settings of a <see cref="SyntheticSensorGenerator"/>. Defaults give 8 coupled pump sensors at 1 s.</summary>
public sealed record SyntheticSensorOptions
{
    /// <summary>All anomaly kinds, the default for <see cref="AnomalyKinds"/>.</summary>
    public static readonly IReadOnlyList<AnomalyKind> AllKinds =
    [
        AnomalyKind.Spike, AnomalyKind.LevelShift, AnomalyKind.Drift, AnomalyKind.Stuck,
        AnomalyKind.NoiseBurst, AnomalyKind.FrequencyChange, AnomalyKind.BrokenRelation,
    ];

    /// <summary>D, the number of features: the first D of unit 1's 8 sensors, then unit 2's (suffix "2"), and so on.</summary>
    public int Features { get; init; } = 8;

    /// <summary>Time between rows.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Timestamp of row 0.</summary>
    public DateTimeOffset Start { get; init; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Period of the daily cycle (ambient temperature and demand); shorten it to see cycles in short runs.</summary>
    public TimeSpan DailyPeriod { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Measurement noise as a multiple of the default (0.05 of each feature's typical deviation).</summary>
    public double NoiseLevel { get; init; } = 1.0;

    /// <summary>Kinds to inject, chosen in shuffled rounds so every kind appears equally often.</summary>
    public IReadOnlyList<AnomalyKind> AnomalyKinds { get; init; } = AllKinds;

    /// <summary>Mean rows from the end of one anomaly to the start of the next; 0 turns injection off (normal data only).</summary>
    public int MeanGapRows { get; init; } = 600;

    /// <summary>Minimum normal rows before the first anomaly and between two anomalies.</summary>
    public int MinGapRows { get; init; } = 128;

    /// <summary>Normal rows guaranteed at the start of the stream (e.g. a cold-start training period); at least <see cref="MinGapRows"/> apply anyway.</summary>
    public long InitialNormalRows { get; init; }

    /// <summary>Shortest event (spikes are always 1-3 rows).</summary>
    public int MinDurationRows { get; init; } = 32;

    /// <summary>Longest event.</summary>
    public int MaxDurationRows { get; init; } = 128;

    /// <summary>Multiplies every anomaly's size (1 = the documented defaults).</summary>
    public double Magnitude { get; init; } = 1.0;

    /// <summary>How long the pump holds an operating point before the next change, in rows (min, max).</summary>
    public int MinHoldRows { get; init; } = 60;

    /// <summary>See <see cref="MinHoldRows"/>.</summary>
    public int MaxHoldRows { get; init; } = 240;

    /// <summary>Lists every invalid setting (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        List<string> errors = [];
        if (Features is < 1 or > 256)
        {
            errors.Add($"Features must be 1..256, was {Features}.");
        }

        if (Interval <= TimeSpan.Zero)
        {
            errors.Add($"Interval must be positive, was {Interval}.");
        }

        if (DailyPeriod <= TimeSpan.Zero)
        {
            errors.Add($"DailyPeriod must be positive, was {DailyPeriod}.");
        }

        if (!(NoiseLevel >= 0 && NoiseLevel <= 100))
        {
            errors.Add($"NoiseLevel must be 0..100, was {NoiseLevel}.");
        }

        if (AnomalyKinds is null || AnomalyKinds.Any(kind => kind == AnomalyKind.None || !Enum.IsDefined(kind)))
        {
            errors.Add("AnomalyKinds must list defined kinds other than None.");
        }
        else if (MeanGapRows > 0 && AnomalyKinds.Count == 0)
        {
            errors.Add("AnomalyKinds is empty while MeanGapRows > 0.");
        }

        if (MeanGapRows < 0 || (MeanGapRows > 0 && MeanGapRows < MinGapRows))
        {
            errors.Add($"MeanGapRows must be 0 (off) or >= MinGapRows ({MinGapRows}), was {MeanGapRows}.");
        }

        if (InitialNormalRows < 0)
        {
            errors.Add($"InitialNormalRows must be >= 0, was {InitialNormalRows}.");
        }

        if (MinGapRows < 1)
        {
            errors.Add($"MinGapRows must be >= 1, was {MinGapRows}.");
        }

        if (MinDurationRows < 4 || MaxDurationRows < MinDurationRows)
        {
            errors.Add($"Durations must satisfy 4 <= MinDurationRows <= MaxDurationRows, were {MinDurationRows}..{MaxDurationRows}.");
        }

        if (!(Magnitude > 0 && Magnitude <= 100))
        {
            errors.Add($"Magnitude must be in (0, 100], was {Magnitude}.");
        }

        if (MinHoldRows < 1 || MaxHoldRows < MinHoldRows)
        {
            errors.Add($"Hold rows must satisfy 1 <= MinHoldRows <= MaxHoldRows, were {MinHoldRows}..{MaxHoldRows}.");
        }

        return errors;
    }
}
