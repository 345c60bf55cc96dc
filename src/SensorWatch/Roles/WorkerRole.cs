namespace SensorWatch.Roles;

/// <summary>What <c>sensorwatch run --role</c> starts in this process.</summary>
internal enum WorkerRole
{
    /// <summary>Scorer and trainer together.</summary>
    All,

    /// <summary>Only the scorer (consume windows/readings, score, alert; feeds the samples topic).</summary>
    Scorer,

    /// <summary>Only the trainer (consume samples, retrain, publish models).</summary>
    Trainer,
}
