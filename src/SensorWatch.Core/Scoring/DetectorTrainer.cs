using System.Diagnostics;
using SensorWatch.Core.Model;
using SensorWatch.Core.Preprocessing;
using SensorWatch.Core.Thresholds;
using SensorWatch.Core.Training;

namespace SensorWatch.Core.Scoring;

/// <summary>
/// Fits an <see cref="AnomalyDetector"/>: standardiser on the training part, autoencoder (the trainer makes its own
/// seeded validation split for early stopping), score statistics on the trainer's validation windows, and the
/// threshold on the chronologically last windows, which the model never saw (a held-out future, as at run time).
/// </summary>
internal static class DetectorTrainer
{
    private const int MaxStatisticsWindows = 4000;
    private const int MaxCalibrationWindows = 20000;
    private const int Batch = 64;

    public static AnomalyDetector TrainOnRows(float[] rows, IReadOnlyList<string> featureNames, DetectorOptions options,
        IProgress<EpochReport>? progress, CancellationToken cancellationToken)
    {
        ThrowIfInvalid(options, featureNames.Count);
        int d = featureNames.Count, t = options.WindowLength;
        int n = rows.Length / d;
        int calibrationRows = (int)Math.Round(n * options.CalibrationFraction);
        int trainRows = n - calibrationRows;
        if (trainRows < t + 1 || calibrationRows < t)
        {
            throw new ArgumentException(
                $"Training needs at least {(int)Math.Ceiling((t + 1) / (1 - options.CalibrationFraction))} rows for window {t} with calibration fraction {options.CalibrationFraction}; found {n}. Give more rows or a shorter window.");
        }

        ReadOnlySpan<float> trainPart = rows.AsSpan(0, trainRows * d);
        FeatureStandardizer standardizer = FeatureStandardizer.Fit(trainPart, d, options.Clip);
        float[] trainWindows = WindowAssembler.Assemble(trainPart, d, t, options.Stride);
        int calibrationStride = Math.Max(1, (calibrationRows - t + 1) / MaxCalibrationWindows);
        float[] calibrationWindows = WindowAssembler.Assemble(rows.AsSpan(trainRows * d), d, t, calibrationStride);
        FlatlineRule flatline = FlatlineRule.Fit(trainPart, d);
        return Fit(trainWindows, calibrationWindows, standardizer, flatline, featureNames, options, n, progress, cancellationToken);
    }

    public static AnomalyDetector TrainOnWindows(float[] windows, int count, IReadOnlyList<string> featureNames, DetectorOptions options,
        IProgress<EpochReport>? progress, CancellationToken cancellationToken)
    {
        ThrowIfInvalid(options, featureNames.Count);
        int d = featureNames.Count, window = options.WindowLength * d;
        if (windows.Length < count * window)
        {
            throw new ArgumentException($"windows has {windows.Length} values, expected {count} × T {options.WindowLength} × D {d}.");
        }

        int calibrationCount = (int)Math.Round(count * options.CalibrationFraction);
        int trainCount = count - calibrationCount;
        if (trainCount < 2 || calibrationCount < 1)
        {
            throw new ArgumentException($"Training needs at least {(int)Math.Ceiling(2 / (1 - options.CalibrationFraction)) + 1} windows; found {count}.");
        }

        FeatureStandardizer standardizer = FeatureStandardizer.Fit(windows.AsSpan(0, trainCount * window), d, options.Clip);
        FlatlineRule flatline = FlatlineRule.Fit(windows.AsSpan(0, trainCount * window), d);
        return Fit(windows[..(trainCount * window)], windows[(trainCount * window)..(count * window)], standardizer, flatline, featureNames, options, 0, progress, cancellationToken);
    }

    /// <summary>trainWindows and calibrationWindows are raw (N, T, D).</summary>
    private static AnomalyDetector Fit(float[] trainWindows, float[] calibrationWindows, FeatureStandardizer standardizer, FlatlineRule flatline,
        IReadOnlyList<string> featureNames, DetectorOptions options, int rows, IProgress<EpochReport>? progress, CancellationToken cancellationToken)
    {
        Stopwatch clock = Stopwatch.StartNew();
        int d = featureNames.Count, t = options.WindowLength, window = t * d;
        int trainCount = trainWindows.Length / window, calibrationCount = calibrationWindows.Length / window;
        standardizer.Transform(trainWindows); // in place: now standardised
        for (int i = 0; i < trainWindows.Length; i++)
        {
            if (float.IsNaN(trainWindows[i]))
            {
                trainWindows[i] = 0f; // a gap in training data: the feature mean
            }
        }

        AutoencoderArchitecture architecture = new(d, t, options.Hidden, options.Layers, options.Latent, options.Variant);
        LstmAutoencoder model = options.InitialModel?.Clone() ?? LstmAutoencoder.Create(architecture, options.Training.Seed);
        TrainingResult result = AutoencoderTrainer.Train(model, trainWindows, trainCount, options.Training, progress, cancellationToken);

        int[] statisticsIndices = result.ValidationIndices.Length > 0 ? result.ValidationIndices : result.TrainIndices;
        statisticsIndices = Thin(statisticsIndices, MaxStatisticsWindows);
        float[] errors = ReconstructionErrors(model, trainWindows, statisticsIndices, window);
        ScoreStatistics statistics = ScoreStatistics.Fit(options.EffectiveScoreMode, errors, t, d, options.ScoreTail, options.ResidualLags);

        TrainingMetadata metadata = new()
        {
            Rows = rows,
            Windows = trainCount + calibrationCount,
            TrainWindows = result.TrainIndices.Length,
            ValidationWindows = result.ValidationIndices.Length,
            CalibrationWindows = calibrationCount,
            Stride = options.Stride,
            EpochsRun = result.EpochsRun,
            BestEpoch = result.BestEpoch,
            TrainLosses = result.TrainLosses,
            ValidationLosses = result.ValidationLosses,
            Seed = options.Training.Seed,
            Converged = result.Converged,
            FailureReason = result.FailureReason,
            Lineage = options.Lineage,
        };
        ThresholdCalibration provisional = new(options.ThresholdMethod, options.TargetFalseAlarmRate, double.PositiveInfinity, 0, 0, 0, 0, 0, "none");
        AnomalyDetector detector = new(model, standardizer, statistics, provisional, featureNames, metadata, options.MaxMissingFraction, options.ImputationIterations, flatline);
        double[] scores = ScoreAll(detector, calibrationWindows, calibrationCount);
        ThresholdCalibration calibration;
        try
        {
            calibration = ThresholdCalibrator.Calibrate(scores, options.ThresholdMethod, options.TargetFalseAlarmRate);
        }
        catch (ArgumentException exception)
        {
            // no finite calibration score: a rejected candidate with a reason, never a thrown training
            calibration = provisional;
            metadata = metadata with { Converged = false, FailureReason = (metadata.FailureReason + " " + exception.Message).Trim() };
        }

        int alarms = scores.Count(s => s >= calibration.Threshold);
        metadata = metadata with
        {
            CalibrationAlarmRate = scores.Length == 0 ? 0 : (double)alarms / scores.Length,
            TrainedAt = DateTimeOffset.UtcNow,
            DurationSeconds = clock.Elapsed.TotalSeconds,
        };
        return new AnomalyDetector(model, standardizer, statistics, calibration, featureNames, metadata, options.MaxMissingFraction, options.ImputationIterations, flatline);
    }

    /// <summary>Errors reconstruction − x (N, T, D) of the chosen standardised windows.</summary>
    internal static float[] ReconstructionErrors(LstmAutoencoder model, float[] windows, int[] indices, int window)
    {
        InferenceWorkspace workspace = model.CreateWorkspace(Batch);
        float[] x = new float[Batch * window];
        float[] reconstruction = new float[Batch * window];
        float[] errors = new float[indices.Length * window];
        for (int start = 0; start < indices.Length; start += Batch)
        {
            int n = Math.Min(Batch, indices.Length - start);
            for (int k = 0; k < n; k++)
            {
                windows.AsSpan(indices[start + k] * window, window).CopyTo(x.AsSpan(k * window));
            }

            model.Reconstruct(x.AsSpan(0, n * window), n, reconstruction.AsSpan(0, n * window), default, workspace);
            for (int i = 0; i < n * window; i++)
            {
                errors[(start * window) + i] = reconstruction[i] - x[i];
            }
        }

        return errors;
    }

    /// <summary>Scores raw windows (N, T, D) through the production path; refused windows are left out.</summary>
    internal static double[] ScoreAll(AnomalyDetector detector, float[] windows, int count)
    {
        DetectorScorer scorer = detector.CreateScorer(Batch);
        WindowScore[] results = new WindowScore[Batch];
        List<double> scores = new(count);
        int window = detector.WindowLength * detector.FeatureCount;
        for (int start = 0; start < count; start += Batch)
        {
            int n = Math.Min(Batch, count - start);
            scorer.Score(windows.AsSpan(start * window, n * window), n, results, default, default);
            for (int k = 0; k < n; k++)
            {
                if (results[k].Status != WindowStatus.Refused)
                {
                    scores.Add(results[k].Score);
                }
            }
        }

        return [.. scores];
    }

    private static int[] Thin(int[] indices, int limit)
    {
        if (indices.Length <= limit)
        {
            return indices;
        }

        int[] thinned = new int[limit];
        for (int i = 0; i < limit; i++)
        {
            thinned[i] = indices[(int)((long)i * indices.Length / limit)];
        }

        return thinned;
    }

    private static void ThrowIfInvalid(DetectorOptions options, int features)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid detector options: " + string.Join(" ", errors));
        }

        AutoencoderArchitecture expected = new(features, options.WindowLength, options.Hidden, options.Layers, options.Latent, options.Variant);
        if (options.InitialModel is LstmAutoencoder initial && initial.Architecture != expected)
        {
            throw new ArgumentException(
                $"Warm start: the initial model's architecture {initial.Architecture} differs from the one to train {expected}; train cold (InitialModel = null) or match the options.",
                nameof(options));
        }
    }
}
