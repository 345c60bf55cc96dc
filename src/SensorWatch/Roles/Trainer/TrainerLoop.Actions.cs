using System.Diagnostics;
using Confluent.Kafka;
using SensorWatch.Core.Retraining;
using SensorWatch.Core.Scoring;
using SensorWatch.Core.Snapshots;
using SensorWatch.Roles.Scorer;
using CoreOutcome = SensorWatch.Core.Retraining.RetrainOutcome;
using MetricOutcome = SensorWatch.Telemetry.RetrainOutcome;

namespace SensorWatch.Roles.Trainer;

/// <summary>Carrying out a coordinator's decision: store, publish, log and count.</summary>
internal sealed partial class TrainerLoop
{
    private static readonly TimeSpan s_publishTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_republishDelay = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, Publication> _unpublished = new(StringComparer.Ordinal);

    private void Carry(string modelKey, RetrainAction action)
    {
        if (action.Kind is RetrainActionKind.Promote or RetrainActionKind.RollBack && action.Detector is { } detector && action.Version is { } version)
        {
            Distribute(modelKey, detector, version, action.Kind == RetrainActionKind.Promote ? "promoted" : "rolled back");
        }
    }

    /// <summary>Store (atomic, verified) then models topic (verified first). A failed publish is retried every 5 s.</summary>
    private void Distribute(string modelKey, AnomalyDetector detector, string version, string why)
    {
        byte[] snapshot = ModelSnapshot.ToBytes(detector);
        if (_store is not null)
        {
            try
            {
                if (_store.Pointer(modelKey) is { Pinned: true } pinned)
                {
                    _store.Add(modelKey, snapshot); // kept for the operator; the pin stays in force
                    LogPinned(_logger, modelKey, version, pinned.Version);
                    return;
                }

                int stored = _store.Add(modelKey, snapshot);
                LogStored(_logger, modelKey, version, stored, _settings.Worker.ModelStore);
            }
            catch (Exception exception) when (exception is ModelStoreException or ModelSnapshotException or IOException or UnauthorizedAccessException)
            {
                _telemetry.RecordModelSaveFailure(modelKey, DirectoryModelStore.ErrorType(exception));
                LogStoreProblem(_logger, modelKey, exception.Message);
            }
        }

        _unpublished[modelKey] = new Publication(modelKey, version, why, snapshot, 0);
        Publish(_unpublished[modelKey]);
    }

    private void RetryPublications()
    {
        long now = Stopwatch.GetTimestamp();
        foreach (Publication publication in _unpublished.Values.ToList())
        {
            if (now - publication.LastAttempt >= s_republishDelay.TotalSeconds * Stopwatch.Frequency)
            {
                Publish(publication);
            }
        }
    }

    private void Publish(Publication publication)
    {
        try
        {
            using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
            timeout.CancelAfter(s_publishTimeout);
            TopicPartitionOffset at = _publisher.PublishAsync(publication.ModelKey, publication.Snapshot, timeout.Token).GetAwaiter().GetResult();
            _unpublished.Remove(publication.ModelKey);
            _progress.AddPublished();
            LogPublished(_logger, publication.ModelKey, publication.Version, publication.Why, at.ToString());
        }
        catch (Exception exception) when (exception is KafkaException or OperationCanceledException)
        {
            _unpublished[publication.ModelKey] = publication with { LastAttempt = Stopwatch.GetTimestamp() };
            LogPublishFailed(_logger, publication.ModelKey, publication.Version, exception.Message);
        }
    }

    /// <summary>Logs every finished step with its reason and records it in the retrain metrics.</summary>
    private void Report(IReadOnlyList<RetrainEvent> events)
    {
        foreach (RetrainEvent retrain in events)
        {
            LogRetrain(_logger, retrain.ModelKey, retrain.Outcome.ToString(), retrain.Reason.ToString(), retrain.Version, retrain.Duration.TotalSeconds,
                retrain.SampleSize, retrain.TrainLoss, retrain.HoldoutLoss, retrain.Text);
            MetricOutcome? outcome = retrain.Outcome switch
            {
                CoreOutcome.Promoted => MetricOutcome.Promoted,
                CoreOutcome.Rejected or CoreOutcome.Abandoned => MetricOutcome.Rejected,
                CoreOutcome.RolledBack => MetricOutcome.RolledBack,
                _ => null, // Kept: the end of a watch period, not a retraining attempt
            };
            if (outcome is { } metric)
            {
                _telemetry.RecordRetrain(retrain.ModelKey, metric, retrain.Duration, retrain.SampleSize,
                    metric == MetricOutcome.Promoted ? null : retrain.Reason.ToString(), retrain.Number);
            }

            if (retrain.Outcome is CoreOutcome.Promoted or CoreOutcome.Rejected)
            {
                _telemetry.RecordTrainingLoss(retrain.ModelKey, retrain.TrainLoss, retrain.HoldoutLoss);
            }

            _progress.Record(retrain);
        }
    }

    /// <summary>A model to put on the models topic (kept until the broker has it).</summary>
    private sealed record Publication(string ModelKey, string Version, string Why, byte[] Snapshot, long LastAttempt);
}
