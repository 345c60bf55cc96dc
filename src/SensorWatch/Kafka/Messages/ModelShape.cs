namespace SensorWatch.Kafka.Messages;

/// <summary>
/// What a trained model expects of a window: T rows and D features, optionally with feature names (then a window's
/// <c>features</c>, when present, must equal them in order).
/// </summary>
/// <param name="WindowLength">T.</param>
/// <param name="FeatureCount">D.</param>
/// <param name="FeatureNames">The model's feature names (length D), or null when the model has none.</param>
internal sealed record ModelShape(int WindowLength, int FeatureCount, IReadOnlyList<string>? FeatureNames = null);
