using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using SensorWatch.Kafka;
using SensorWatch.Core.Snapshots;
using SensorWatch.Roles.Trainer;

namespace SensorWatch.Roles.Scorer;

/// <summary>
/// Cold start, then share: wraps the scorer's <see cref="IModelTrainer"/> and publishes every model it trains to the
/// models topic (in the background, best effort), so the trainer role learns the key's current model (its warm start
/// and the baseline of its promotion gate) and every scorer replica converges on one version per key. Active with
/// <see cref="WorkerOptions.PublishColdStartModels"/> and only when the models topic exists (it is never auto-created).
/// A failed publish is logged; the model is served locally anyway.
/// </summary>
internal sealed partial class PublishingModelTrainer(IModelTrainer inner, WorkerSettings settings, ILogger logger) : IModelTrainer
{
    public IScoringModel? Train(string modelKey, float[] windows, int count, int windowLength, IReadOnlyList<string> featureNames,
        out string? failureReason, CancellationToken cancellationToken)
    {
        IScoringModel? model = inner.Train(modelKey, windows, count, windowLength, featureNames, out failureReason, cancellationToken);
        if (model is DetectorScoringModel detector)
        {
            _ = PublishAsync(modelKey, detector, cancellationToken);
        }

        return model;
    }

    /// <summary>The scorer's trainer, wrapped when cold-start models are to be published.</summary>
    public static IModelTrainer Wrap(IModelTrainer trainer, WorkerSettings settings, ILogger logger) =>
        settings.Worker.PublishColdStartModels ? new PublishingModelTrainer(trainer, settings, logger) : trainer;

    private async Task PublishAsync(string modelKey, DetectorScoringModel model, CancellationToken cancellationToken)
    {
        try
        {
            if (await Task.Run(TopicMissing, cancellationToken).ConfigureAwait(false) is { } missing)
            {
                LogNotPublished(logger, modelKey, model.Version, missing);
                return;
            }

            using ModelTopicPublisher publisher = new(settings.Kafka.BootstrapServers, settings.Kafka.Topics.Models, settings.Kafka.Client);
            TopicPartitionOffset at = await publisher.PublishAsync(modelKey, ModelSnapshot.ToBytes(model.Detector), cancellationToken)
                .ConfigureAwait(false);
            LogPublished(logger, modelKey, model.Version, at.ToString());
        }
        catch (Exception exception) when (exception is KafkaException or OperationCanceledException or ModelSnapshotException)
        {
            LogNotPublished(logger, modelKey, model.Version, exception.Message);
        }
    }

    /// <summary>Null when the models topic exists; else why not (never auto-create it: it must be created compacted).</summary>
    private string? TopicMissing()
    {
        string topic = settings.Kafka.Topics.Models;
        using IAdminClient admin = new AdminClientBuilder(KafkaClientConfigs.Admin(settings.Kafka)).SetLogHandler((_, _) => { }).Build();
        TopicMetadata? metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(5)).Topics.FirstOrDefault(t => t.Topic == topic);
        return metadata is null || metadata.Error.IsError || metadata.Partitions.Count == 0
            ? $"the models topic '{topic}' does not exist (create it compacted to share models)"
            : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cold-start model '{ModelKey}' {Version} published to the models topic at {Position}")]
    private static partial void LogPublished(ILogger logger, string modelKey, string version, string position);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cold-start model '{ModelKey}' {Version} not published to the models topic (served locally): {Reason}")]
    private static partial void LogNotPublished(ILogger logger, string modelKey, string version, string reason);
}
