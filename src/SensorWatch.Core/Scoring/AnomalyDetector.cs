using SensorWatch.Core.Model;
using SensorWatch.Core.Preprocessing;
using SensorWatch.Core.Thresholds;
using SensorWatch.Core.Training;

namespace SensorWatch.Core.Scoring;

/// <summary>
/// A trained detector: standardiser + <see cref="LstmAutoencoder"/> + score statistics + threshold calibration +
/// metadata. Immutable; share it between threads and give each thread its own <see cref="DetectorScorer"/>.
/// Store it with <see cref="Snapshots.ModelSnapshot"/>.
/// </summary>
public sealed class AnomalyDetector
{
    /// <summary>Assembles a detector from its parts (snapshots, tests); checks that the parts agree on D.</summary>
    public AnomalyDetector(
        LstmAutoencoder model,
        FeatureStandardizer standardizer,
        ScoreStatistics statistics,
        ThresholdCalibration calibration,
        IReadOnlyList<string> featureNames,
        TrainingMetadata metadata,
        double maxMissingFraction,
        int imputationIterations,
        FlatlineRule? flatline = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(standardizer);
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(calibration);
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(metadata);
        int d = model.Architecture.Features;
        if (standardizer.FeatureCount != d || statistics.Features != d || featureNames.Count != d)
        {
            throw new InvalidOperationException(
                $"Detector parts disagree on D: model {d}, standardiser {standardizer.FeatureCount}, score statistics {statistics.Features}, feature names {featureNames.Count}.");
        }

        Model = model;
        Standardizer = standardizer;
        Statistics = statistics;
        Calibration = calibration;
        FeatureNames = featureNames;
        Metadata = metadata;
        MaxMissingFraction = maxMissingFraction;
        ImputationIterations = imputationIterations;
        if (flatline is not null && flatline.Limits.Count != d)
        {
            throw new InvalidOperationException($"The flatline rule has {flatline.Limits.Count} limits; the model has D = {d}.");
        }

        Flatline = flatline;
    }

    /// <summary>The autoencoder (weights must not change while scorers use it).</summary>
    public LstmAutoencoder Model { get; }

    /// <summary>Per-feature standardisation fitted on the training rows.</summary>
    public FeatureStandardizer Standardizer { get; }

    /// <summary>Score mode and its fitted statistics.</summary>
    public ScoreStatistics Statistics { get; }

    /// <summary>Threshold and tail fit.</summary>
    public ThresholdCalibration Calibration { get; }

    /// <summary>D feature names, in column order.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>How it was trained, plus lineage.</summary>
    public TrainingMetadata Metadata { get; }

    /// <summary>Largest fraction of missing cells that is imputed.</summary>
    public double MaxMissingFraction { get; }

    /// <summary>Reconstruction passes per imputation.</summary>
    public int ImputationIterations { get; }

    /// <summary>Stuck-sensor rule fitted on the training rows, or null (older models).</summary>
    public FlatlineRule? Flatline { get; }

    /// <summary>The architecture.</summary>
    public AutoencoderArchitecture Architecture => Model.Architecture;

    /// <summary>T.</summary>
    public int WindowLength => Model.Architecture.WindowLength;

    /// <summary>D.</summary>
    public int FeatureCount => Model.Architecture.Features;

    /// <summary>Trains on rows (N, D): the chronologically last <see cref="DetectorOptions.CalibrationFraction"/> calibrates the threshold.</summary>
    public static AnomalyDetector Train(SensorTable table, DetectorOptions options, IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        return DetectorTrainer.TrainOnRows(table.Values, table.FeatureNames, options, progress, cancellationToken);
    }

    /// <summary>Trains on windows (N, T, D) in time order: the last <see cref="DetectorOptions.CalibrationFraction"/> calibrates the threshold.</summary>
    public static AnomalyDetector Train(WindowSet windows, DetectorOptions options, IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(options);
        return DetectorTrainer.TrainOnWindows(windows.Values, windows.Count, windows.FeatureNames, options with { WindowLength = windows.WindowLength }, progress, cancellationToken);
    }

    /// <summary>Trains on raw windows (N, T, D), NaN for missing, in time order (e.g. the accepted-normal sample of retraining).</summary>
    public static AnomalyDetector Train(ReadOnlySpan<float> windows, int count, IReadOnlyList<string> featureNames, DetectorOptions options,
        IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default) =>
        DetectorTrainer.TrainOnWindows(windows.ToArray(), count, featureNames, options, progress, cancellationToken);

    /// <summary>A scorer for batches of up to <paramref name="maxBatch"/> windows (one per thread).</summary>
    public DetectorScorer CreateScorer(int maxBatch) => new(this, maxBatch, threads: 1);

    /// <summary>
    /// A scorer whose batches of at least 32 windows are split over <paramref name="threads"/> cores (0 = one per
    /// processor): independent copies of the network, the caller runs the first part, pool threads the rest.
    /// </summary>
    public DetectorScorer CreateScorer(int maxBatch, int threads) => new(this, maxBatch, threads);

    /// <summary>The same detector with other metadata (e.g. lineage set by retraining).</summary>
    public AnomalyDetector WithMetadata(TrainingMetadata metadata) =>
        new(Model, Standardizer, Statistics, Calibration, FeatureNames, metadata, MaxMissingFraction, ImputationIterations, Flatline);

    /// <summary>The same detector with another threshold calibration.</summary>
    public AnomalyDetector WithCalibration(ThresholdCalibration calibration) =>
        new(Model, Standardizer, Statistics, calibration, FeatureNames, Metadata, MaxMissingFraction, ImputationIterations, Flatline);
}
