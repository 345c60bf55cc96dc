using SensorWatch.Core.Scoring;
using SensorWatch.Core.Training;
using SensorWatch.Roles;

namespace SensorWatch.Roles.Scorer;

/// <summary>
/// Cold-start training with the real detector: a small LSTM autoencoder (Worker:ColdStartHidden/Latent/Epochs, and
/// ColdStartResidualLags for the score's residual predictor) fitted
/// on the probation windows with <see cref="ScorerOptions.TrainingThreads"/> threads, threshold calibrated on the
/// chronologically last part for <see cref="ScorerOptions.TargetFalseAlarmRate"/>. Non-convergence is a failure
/// with a reason (the registry collects a new probation set), never an exception.
/// </summary>
internal sealed class DetectorModelTrainer(WorkerOptions options) : IModelTrainer
{
    public IScoringModel? Train(string modelKey, float[] windows, int count, int windowLength, IReadOnlyList<string> featureNames,
        out string? failureReason, CancellationToken cancellationToken)
    {
        DetectorOptions detectorOptions = new()
        {
            WindowLength = windowLength,
            Hidden = options.ColdStartHidden,
            Latent = options.ColdStartLatent,
            ResidualLags = Math.Min(options.ColdStartResidualLags, windowLength / 2),
            TargetFalseAlarmRate = options.TargetFalseAlarmRate,
            Training = new TrainingOptions
            {
                Epochs = options.ColdStartEpochs,
                BatchSize = Math.Clamp(count / 8, 8, 64),
                LearningRate = 3e-3f,
                Threads = options.TrainingThreads,
                Patience = 4,
            },
            Lineage = new Dictionary<string, string> { ["modelKey"] = modelKey, ["trigger"] = "cold-start" },
        };
        IReadOnlyList<string> problems = detectorOptions.Validate();
        if (problems.Count > 0)
        {
            failureReason = "invalid cold-start options: " + string.Join(" ", problems);
            return null;
        }

        AnomalyDetector detector = AnomalyDetector.Train(windows.AsSpan(0, count * windowLength * featureNames.Count), count, featureNames,
            detectorOptions, null, cancellationToken);
        if (!detector.Metadata.Converged)
        {
            failureReason = detector.Metadata.FailureReason ?? "training did not converge";
            return null;
        }

        failureReason = null;
        return new DetectorScoringModel(modelKey, detector);
    }
}
