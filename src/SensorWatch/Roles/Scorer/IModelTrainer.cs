namespace SensorWatch.Roles.Scorer;

/// <summary>Trains the first model of a key from its probation windows (cold start). Runs on a background thread.</summary>
internal interface IModelTrainer
{
    /// <summary>
    /// windows (N, T, D) raw, NaN = missing. Returns the model, or null with a reason when training did not converge.
    /// </summary>
    IScoringModel? Train(string modelKey, float[] windows, int count, int windowLength, IReadOnlyList<string> featureNames,
        out string? failureReason, CancellationToken cancellationToken);
}
