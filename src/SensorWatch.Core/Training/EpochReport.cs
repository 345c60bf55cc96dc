namespace SensorWatch.Core.Training;

/// <summary>Progress after one epoch. Epoch is 1-based; ValidationLoss is NaN without a validation split.</summary>
public sealed record EpochReport(int Epoch, int Epochs, double TrainLoss, double ValidationLoss, TimeSpan Elapsed);
