namespace SensorWatch.Core.Training;

/// <summary>
/// The outcome of <see cref="AutoencoderTrainer.Train"/>. Converged is false (with FailureReason) when the loss, the
/// gradient or the weights became NaN or infinite; the model then holds the best weights seen before that.
/// BestEpoch is 1-based (0 when no epoch finished). Losses are per epoch; ValidationLosses hold NaN without a split.
/// TrainIndices and ValidationIndices are the window indices of the seeded split, ascending.
/// </summary>
public sealed record TrainingResult(bool Converged, string? FailureReason, IReadOnlyList<double> TrainLosses,
    IReadOnlyList<double> ValidationLosses, int EpochsRun, int BestEpoch, int[] TrainIndices, int[] ValidationIndices);
