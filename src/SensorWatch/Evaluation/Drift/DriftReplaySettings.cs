using System.Text.Json;
using System.Text.Json.Serialization;
using SensorWatch.Core.Retraining;
using SensorWatch.Core.Synthetic;

namespace SensorWatch.Evaluation.Drift;

/// <summary>
/// The drift replay of <c>sensorwatch evaluate drift</c>: a synthetic pump (D features, one row per
/// <see cref="IntervalMinutes"/>) whose baseline rises by <see cref="DriftPerDay"/> feature scales per day on the
/// <see cref="DriftFeatures"/> after the <see cref="TrainDays"/> used for the first model, with abrupt anomalies
/// injected (one every <see cref="MeanGapRows"/> rows on average), replayed causally for <see cref="Days"/> days.
/// </summary>
internal sealed record DriftReplaySettings
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNameCaseInsensitive = true, Converters = { new JsonStringEnumConverter() }, ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Seed of the stream, the model and the retraining.</summary>
    public int Seed { get; init; } = 17;

    /// <summary>Simulated days scored after the training days.</summary>
    public int Days { get; init; } = 8;

    /// <summary>Normal days the first model is trained on (no anomaly, no drift).</summary>
    public int TrainDays { get; init; } = 4;

    /// <summary>Minutes between rows.</summary>
    public int IntervalMinutes { get; init; } = 1;

    /// <summary>D: features of the synthetic pump.</summary>
    public int Features { get; init; } = 4;

    /// <summary>Baseline rise per day, in feature scales (the generator's typical deviation per feature).</summary>
    public double DriftPerDay { get; init; } = 0.4;

    /// <summary>Indices of the drifting features.</summary>
    public IReadOnlyList<int> DriftFeatures { get; init; } = [0, 1];

    /// <summary>Mean rows between injected anomalies.</summary>
    public int MeanGapRows { get; init; } = 720;

    /// <summary>Injected anomaly kinds (abrupt: no slow "Drift" kind, the drift is the baseline).</summary>
    public IReadOnlyList<AnomalyKind> AnomalyKinds { get; init; } =
        [AnomalyKind.Spike, AnomalyKind.LevelShift, AnomalyKind.NoiseBurst, AnomalyKind.Stuck, AnomalyKind.BrokenRelation, AnomalyKind.FrequencyChange];

    /// <summary>T: rows per window.</summary>
    public int WindowLength { get; init; } = 32;

    /// <summary>Rows between scored windows.</summary>
    public int Stride { get; init; } = 4;

    /// <summary>H.</summary>
    public int Hidden { get; init; } = 16;

    /// <summary>Z.</summary>
    public int Latent { get; init; } = 4;

    /// <summary>Score mode of the detector (null = the detector's default, Mahalanobis).</summary>
    public SensorWatch.Core.Scoring.ScoreMode? ScoreMode { get; init; } = SensorWatch.Core.Scoring.ScoreMode.MeanSquaredError;

    /// <summary>Fraction of the training days (the last part) that calibrates the threshold.</summary>
    public double CalibrationFraction { get; init; } = 0.2;

    /// <summary>Epochs of the first model.</summary>
    public int Epochs { get; init; } = 15;

    /// <summary>Target false-alarm rate per window of the first model's threshold (kept by every retrain).</summary>
    public double TargetFalseAlarmRate { get; init; } = 0.002;

    /// <summary>k: anomalous windows in a row that open an alert.</summary>
    public int OpenAfter { get; init; } = 3;

    /// <summary>m: normal windows in a row that resolve it.</summary>
    public int ResolveAfter { get; init; } = 5;

    /// <summary>The retraining loop (schedule in simulated time; training itself takes no simulated time).</summary>
    public RetrainingOptions Retraining { get; init; } = new()
    {
        Interval = TimeSpan.FromHours(12),
        MinNewWindows = 180,
        MinTrainingWindows = 360,
        Epochs = 6,
        BatchSize = 32,
        LearningRate = 2e-3f,
        Threads = 1,
        ShadowBatchSize = 30,
        Sample = new AcceptedSampleOptions
        {
            ReservoirSize = 768,
            RecentSize = 192,
            AlertMarginMs = (long)TimeSpan.FromHours(2).TotalMilliseconds,
            AdmitUnalerted = true,
        },
        Gate = new PromotionGateOptions
        {
            TargetFalseAlarmRate = 0.02,
            MinHoldoutWindows = 60,
            ShadowWindows = 60,
            ShadowAlertRateBudget = 0.03,
            WatchWindows = 120,
            MinWatchWindows = 40,
        },
    };

    /// <summary>The defaults, overridden by the JSON file at <paramref name="path"/> when given.</summary>
    /// <exception cref="EvaluationInputException">The file is missing or not valid settings JSON.</exception>
    public static DriftReplaySettings Load(string? path)
    {
        if (path is null)
        {
            return new DriftReplaySettings();
        }

        try
        {
            return JsonSerializer.Deserialize<DriftReplaySettings>(File.ReadAllText(path), s_json)
                ?? throw new EvaluationInputException($"{path}: the settings JSON is null.");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new EvaluationInputException($"{path}: {error.Message}");
        }
    }

    /// <summary>Every bad value (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        List<string> errors = [];
        if (Days is < 1 or > 365 || TrainDays is < 1 or > 30)
        {
            errors.Add($"Days must be 1..365 and TrainDays 1..30, got {Days} and {TrainDays}.");
        }

        if (IntervalMinutes is < 1 or > 60)
        {
            errors.Add($"IntervalMinutes must be 1..60, got {IntervalMinutes}.");
        }

        if (DriftFeatures.Any(f => f < 0 || f >= Features))
        {
            errors.Add($"DriftFeatures must be feature indices below Features {Features}.");
        }

        if (!double.IsFinite(DriftPerDay))
        {
            errors.Add($"DriftPerDay must be finite, got {DriftPerDay}.");
        }

        if (Stride < 1 || WindowLength < 2)
        {
            errors.Add($"Stride must be ≥ 1 and WindowLength ≥ 2, got {Stride} and {WindowLength}.");
        }

        errors.AddRange(Retraining.Validate());
        return errors;
    }
}
