using System.Text.Json;
using System.Text.Json.Serialization;
using SensorWatch.Core.Scoring;

namespace SensorWatch.Evaluation;

/// <summary>
/// Settings of an evaluation replay: the detector trained during the cold start, the streaming score calibration and
/// the alert policy. Defaults differ per format (univariate 5-minute NAB series vs 38-column per-minute SMD machines);
/// a --config JSON file overrides any field (same names, camelCase).
/// </summary>
internal sealed record EvaluationSettings
{
    private static readonly JsonSerializerOptions s_json = new() { PropertyNameCaseInsensitive = true, Converters = { new JsonStringEnumConverter() }, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>T: rows per window.</summary>
    public int WindowLength { get; init; } = 32;

    /// <summary>H: LSTM hidden units.</summary>
    public int Hidden { get; init; } = 16;

    /// <summary>Z: latent size.</summary>
    public int Latent { get; init; } = 4;

    /// <summary>Training epochs on the cold-start windows.</summary>
    public int Epochs { get; init; } = 8;

    /// <summary>Rows between consecutive training windows.</summary>
    public int TrainStride { get; init; } = 1;

    /// <summary>Most training windows used (evenly spaced; bounds cold-start time on long training splits).</summary>
    public int MaxTrainWindows { get; init; } = 4000;

    /// <summary>Adam learning rate.</summary>
    public float LearningRate { get; init; } = 3e-3f;

    /// <summary>How window errors become a raw score (Mahalanobis, MeanSquaredError, MaxStepError, GaussianNll).</summary>
    public ScoreMode ScoreMode { get; init; } = ScoreMode.MeanSquaredError;

    /// <summary>Final steps of a window that the score uses (0 = all).</summary>
    public int ScoreTail { get; init; }

    /// <summary>Seed of every random choice.</summary>
    public int Seed { get; init; } = 17;

    /// <summary>Rows of raw scores forming the running reference distribution.</summary>
    public int HistoryLength { get; init; } = 4000;

    /// <summary>Transform of the detector's raw score before its running Gaussian fit.</summary>
    public TailTransform DetectorTransform { get; init; } = TailTransform.SquareRoot;

    /// <summary>Transform of the per-step statistic before its running Gaussian fit.</summary>
    public TailTransform StatisticTransform { get; init; } = TailTransform.Identity;

    /// <summary>Measure rarity as the excess over the history's range (true) or as a Gaussian tail (false).</summary>
    public bool RangeMode { get; init; } = true;

    /// <summary>Rows averaged before the rarity is measured.</summary>
    public int AverageLength { get; init; } = 1;

    /// <summary>Decades of rarity mapped to a score of ½.</summary>
    public double RarityScale { get; init; } = 3.0;

    /// <summary>Floor of the spread of log raw scores.</summary>
    public double MinimumSpread { get; init; } = 1.0;

    /// <summary>Rows after a peak during which a lower score is damped (0 = off).</summary>
    public int RefractoryRows { get; init; } = 200;

    /// <summary>When &gt; 0, the onset filter's recent maximum decays with this half-life (rows) instead of a sliding window.</summary>
    public double OnsetHalfLife { get; init; }

    /// <summary>Factor applied to damped scores.</summary>
    public double Damping { get; init; } = 0.5;

    /// <summary>Score (0..1) at or above which a row counts as anomalous for the alert state machine.</summary>
    public double AlertThreshold { get; init; } = 0.6;

    /// <summary>k: anomalous rows in a row that open an alert.</summary>
    public int OpenAfter { get; init; } = 1;

    /// <summary>m: normal rows in a row that resolve it.</summary>
    public int ResolveAfter { get; init; } = 5;

    /// <summary>Weight of the per-step statistic in the raw score (0 = autoencoder only).</summary>
    public double StatisticWeight { get; init; } = 1.0;

    /// <summary>Weight of the change statistic (jump between consecutive rows) in the raw score (0 = off).</summary>
    public double ChangeWeight { get; init; }

    /// <summary>Weight of the detector's score (0 = statistics only; for ablation).</summary>
    public double DetectorWeight { get; init; } = 1.0;

    /// <summary>Seed the statistic's history with every training row (true) or only the held-out calibration rows (false).</summary>
    public bool SeedStatisticFromAllTraining { get; init; } = true;

    /// <summary>Seed the detector's history with every training window (true) or only the held-out calibration windows (false).</summary>
    public bool SeedDetectorFromAllTraining { get; init; }

    /// <summary>When &gt; 1, a second detector sees windows of T steps of this many rows each (means): longer context.</summary>
    public int CoarseDilation { get; init; } = 8;

    /// <summary>Combine detector and statistic scores by their weighted mean (true) or their maximum (false).</summary>
    public bool CombineByMean { get; init; }

    /// <summary>Series scored at once (the machine has 2 cores).</summary>
    public int Parallelism { get; init; } = 2;

    /// <summary>Defaults for a data format.</summary>
    public static EvaluationSettings DefaultsFor(string format) => format switch
    {
        "smd" => new EvaluationSettings
        {
            WindowLength = 32, Hidden = 32, Latent = 16, Epochs = 5, TrainStride = 4, RefractoryRows = 0, AverageLength = 5,
            RangeMode = false, HistoryLength = 100_000, CombineByMean = true, SeedStatisticFromAllTraining = true, SeedDetectorFromAllTraining = true,
            ScoreMode = ScoreMode.Mahalanobis, MinimumSpread = 0.1, CoarseDilation = 0,
        },
        _ => new EvaluationSettings(),
    };

    /// <summary>The defaults for <paramref name="format"/> overridden by the fields of the JSON file at <paramref name="path"/>.</summary>
    public static EvaluationSettings Load(string format, string? path)
    {
        EvaluationSettings defaults = DefaultsFor(format);
        if (path is null)
        {
            return defaults;
        }

        if (!File.Exists(path))
        {
            throw new EvaluationInputException($"config file {path} does not exist.");
        }

        try
        {
            Dictionary<string, JsonElement> overrides = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(File.ReadAllText(path), s_json) ?? [];
            string merged = JsonSerializer.Serialize(defaults, s_json);
            Dictionary<string, JsonElement> fields = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(merged, s_json)!;
            foreach ((string key, JsonElement value) in overrides)
            {
                string? match = fields.Keys.FirstOrDefault(k => k.Equals(key, StringComparison.OrdinalIgnoreCase))
                    ?? throw new EvaluationInputException($"{path}: unknown setting '{key}' (known: {string.Join(", ", fields.Keys)}).");
                fields[match] = value;
            }

            return JsonSerializer.Deserialize<EvaluationSettings>(JsonSerializer.Serialize(fields), s_json)!.Validated(path);
        }
        catch (JsonException error)
        {
            throw new EvaluationInputException($"{path}: not a JSON object of settings: {error.Message}", error);
        }
    }

    private EvaluationSettings Validated(string source)
    {
        List<string> errors = [];
        if (WindowLength < 2) { errors.Add($"windowLength must be ≥ 2 ({WindowLength})"); }
        if (Hidden < 1 || Latent < 1 || Epochs < 1) { errors.Add("hidden, latent and epochs must be ≥ 1"); }
        if (TrainStride < 1 || MaxTrainWindows < 16) { errors.Add("trainStride ≥ 1 and maxTrainWindows ≥ 16"); }
        if (HistoryLength < 2 || AverageLength < 1) { errors.Add("historyLength ≥ 2 and averageLength ≥ 1"); }
        if (!(RarityScale > 0) || !(MinimumSpread > 0)) { errors.Add("rarityScale and minimumSpread must be > 0"); }
        if (RefractoryRows < 0 || Damping is < 0 or > 1) { errors.Add("refractoryRows ≥ 0 and damping in [0, 1]"); }
        if (OpenAfter < 1 || ResolveAfter < 1) { errors.Add("openAfter and resolveAfter must be ≥ 1"); }
        if (StatisticWeight < 0 || Parallelism < 1) { errors.Add("statisticWeight ≥ 0 and parallelism ≥ 1"); }
        return errors.Count == 0 ? this : throw new EvaluationInputException($"{source}: {string.Join("; ", errors)}.");
    }
}
