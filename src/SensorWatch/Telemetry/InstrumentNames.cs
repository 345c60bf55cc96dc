namespace SensorWatch.Telemetry;

/// <summary>
/// Every instrument name SensorWatch exports (OpenTelemetry naming: dotted, lower case, semantic-convention
/// names where one exists). The Prometheus exporter turns <c>a.b</c> with unit <c>s</c> into <c>a_b_seconds</c>,
/// adds <c>_total</c> to counters and <c>_bucket/_sum/_count</c> to histograms; docs/operations.md lists the results.
/// </summary>
internal static class InstrumentNames
{
    public const string MessagesConsumed = "messaging.client.consumed.messages";
    public const string WindowsConsumed = "sensorwatch.windows.consumed";
    public const string WindowsScored = "sensorwatch.windows.scored";
    public const string WindowsUnscored = "sensorwatch.windows.unscored";
    public const string DeadLetters = "sensorwatch.dead_letters";
    public const string ProcessingDuration = "sensorwatch.processing.duration";
    public const string BatchSize = "sensorwatch.batch.size";
    public const string WindowScore = "sensorwatch.window.score";
    public const string Anomalies = "sensorwatch.anomalies";
    public const string Alerts = "sensorwatch.alerts";
    public const string ModelVersion = "sensorwatch.model.version";
    public const string ModelThreshold = "sensorwatch.model.threshold";
    public const string ModelAge = "sensorwatch.model.age";
    public const string ConsumerLag = "sensorwatch.consumer.lag";
    public const string CommitFailures = "sensorwatch.commit.failures";
    public const string DeliveryFailures = "sensorwatch.delivery.failures";
    public const string DeliveryUnconfirmed = "sensorwatch.delivery.unconfirmed";
    public const string ModelSaveFailures = "sensorwatch.model.save_failures";
    public const string Rebalances = "sensorwatch.rebalances";
    public const string RetrainDuration = "sensorwatch.retrain.duration";
    public const string Retrains = "sensorwatch.retrains";
    public const string RetrainSamples = "sensorwatch.retrain.samples";
    public const string TrainingLoss = "sensorwatch.retrain.loss";
    public const string RetrainNumber = "sensorwatch.retrain.number";
    public const string TrainerPhase = "sensorwatch.trainer.phase";
    public const string TrainerSampleSize = "sensorwatch.trainer.sample.size";
    public const string FeedbackVerdicts = "sensorwatch.feedback.verdicts";
    public const string AlertPrecision = "sensorwatch.alert.precision";
    public const string ProcessCpuTime = "process.cpu.time";
    public const string ProcessMemoryUsage = "process.memory.usage";
    public const string ProcessMemoryVirtual = "process.memory.virtual";
    public const string ProcessThreadCount = "process.thread.count";
    public const string ProcessUptime = "process.uptime";
}
