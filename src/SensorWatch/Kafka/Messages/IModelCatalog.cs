namespace SensorWatch.Kafka.Messages;

/// <summary>
/// Tells the decoders which model a window is for. The worker implements it over its model registry (or uses
/// <see cref="ModelRouter"/>, which applies the configured default and sensorId-pattern rules). Called once per
/// decoded window on the consume thread, so it must be cheap and must not block.
/// </summary>
internal interface IModelCatalog
{
    /// <summary>Resolves the model of <paramref name="sensorId"/>; <paramref name="requestedModel"/> is the message's optional <c>model</c>.</summary>
    ModelResolution Resolve(string sensorId, string? requestedModel);
}
