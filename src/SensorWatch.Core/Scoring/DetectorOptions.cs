using SensorWatch.Core.Model;
using SensorWatch.Core.Thresholds;
using SensorWatch.Core.Training;

namespace SensorWatch.Core.Scoring;

/// <summary>How <see cref="AnomalyDetector.Train(Preprocessing.SensorTable, DetectorOptions, IProgress{EpochReport}?, CancellationToken)"/> builds a detector. <see cref="Validate"/> lists every bad value.</summary>
public sealed record DetectorOptions
{
    /// <summary>T, steps per window.</summary>
    public int WindowLength { get; init; } = 64;

    /// <summary>Rows between consecutive training windows.</summary>
    public int Stride { get; init; } = 1;

    /// <summary>H.</summary>
    public int Hidden { get; init; } = 64;

    /// <summary>L.</summary>
    public int Layers { get; init; } = 1;

    /// <summary>Z.</summary>
    public int Latent { get; init; } = 16;

    /// <summary>Training objective.</summary>
    public AutoencoderVariant Variant { get; init; } = AutoencoderVariant.Plain;

    /// <summary>Trainer options (epochs, batch, learning rate, seed, threads, variant weights).</summary>
    public TrainingOptions Training { get; init; } = new();

    /// <summary>Score mode; null = <see cref="ScoreMode.GaussianNll"/> for Variational, else <see cref="ScoreMode.Mahalanobis"/>.</summary>
    public ScoreMode? ScoreMode { get; init; }

    /// <summary>Final steps of a window that the score uses; 0 = all T.</summary>
    public int ScoreTail { get; init; }

    /// <summary>
    /// p: past steps of a feature's own error that predict its next error (<see cref="ResidualPredictor"/>); the window
    /// score then also sees what that prediction misses (a changed oscillation, a spike, a noise burst). 0 = off (the
    /// per-step score alone, as before); at most T / 2.
    /// </summary>
    public int ResidualLags { get; init; }

    /// <summary>Threshold method.</summary>
    public ThresholdMethod ThresholdMethod { get; init; } = ThresholdMethod.PeaksOverThreshold;

    /// <summary>Target fraction of normal windows flagged.</summary>
    public double TargetFalseAlarmRate { get; init; } = 0.001;

    /// <summary>Fraction of the input (the chronologically last windows) held out to calibrate the threshold.</summary>
    public double CalibrationFraction { get; init; } = 0.2;

    /// <summary>Largest fraction of missing cells in a window that is imputed; more is refused.</summary>
    public double MaxMissingFraction { get; init; } = 0.2;

    /// <summary>Reconstruction passes that refine imputed cells.</summary>
    public int ImputationIterations { get; init; } = 3;

    /// <summary>Bound on |standardised value| fed to the model.</summary>
    public float Clip { get; init; } = Preprocessing.FeatureStandardizer.DefaultClip;

    /// <summary>
    /// Warm start: training starts from a copy of this network's weights instead of a fresh seeded initialisation
    /// (retraining from the served model). The network is never modified. Its architecture must equal the one these
    /// options give for the data (D, T, H, L, Z, variant), else training throws <see cref="ArgumentException"/>.
    /// The standardiser, score statistics and threshold are always refitted on the new data. Null = cold start.
    /// </summary>
    public LstmAutoencoder? InitialModel { get; init; }

    /// <summary>Free-form lineage stored in the snapshot.</summary>
    public IReadOnlyDictionary<string, string> Lineage { get; init; } = new Dictionary<string, string>();

    /// <summary>The score mode after applying the variant default.</summary>
    public ScoreMode EffectiveScoreMode => ScoreMode ?? (Variant == AutoencoderVariant.Variational ? Scoring.ScoreMode.GaussianNll : Scoring.ScoreMode.Mahalanobis);

    /// <summary>Every problem, one line each; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        List<string> errors = [.. new AutoencoderArchitecture(1, WindowLength, Hidden, Layers, Latent, Variant).Validate()];
        errors.AddRange(Training.Validate());
        if (Stride < 1)
        {
            errors.Add($"Stride must be ≥ 1, found {Stride}.");
        }

        if (ScoreTail < 0 || ScoreTail > WindowLength)
        {
            errors.Add($"ScoreTail must be in [0, WindowLength {WindowLength}], found {ScoreTail}.");
        }

        if (ResidualLags < 0 || ResidualLags > WindowLength / 2)
        {
            errors.Add($"ResidualLags must be in [0, WindowLength / 2 = {WindowLength / 2}], found {ResidualLags}.");
        }

        if (!(TargetFalseAlarmRate is > 0 and < 0.5))
        {
            errors.Add($"TargetFalseAlarmRate must be in (0, 0.5), found {TargetFalseAlarmRate}.");
        }

        if (!(CalibrationFraction is > 0 and < 0.9))
        {
            errors.Add($"CalibrationFraction must be in (0, 0.9), found {CalibrationFraction}.");
        }

        if (!(MaxMissingFraction is >= 0 and < 1))
        {
            errors.Add($"MaxMissingFraction must be in [0, 1), found {MaxMissingFraction}.");
        }

        if (ImputationIterations is < 1 or > 50)
        {
            errors.Add($"ImputationIterations must be in [1, 50], found {ImputationIterations}.");
        }

        if (!(Clip > 0))
        {
            errors.Add($"Clip must be positive, found {Clip}.");
        }

        return errors;
    }
}
