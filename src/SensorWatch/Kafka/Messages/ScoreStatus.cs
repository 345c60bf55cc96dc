namespace SensorWatch.Kafka.Messages;

/// <summary>The status of a score record (wire names <c>scored</c>, <c>probation</c>, <c>imputed</c>).</summary>
internal enum ScoreStatus
{
    /// <summary>Scored by a trained model with no gaps.</summary>
    Scored,

    /// <summary>Seen during the model key's cold start: collected for training, not scored (score and threshold null).</summary>
    Probation,

    /// <summary>Scored after its few missing readings were imputed from the model's reconstruction.</summary>
    Imputed,
}
