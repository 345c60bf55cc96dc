using Confluent.Kafka;
using SensorWatch.Kafka;
using SensorWatch.Telemetry;

namespace SensorWatch.Roles.Scorer;

/// <summary>Rebalance handlers (called inside Consume on the loop thread). Revoked ≠ lost: see each handler.</summary>
internal sealed partial class ScorerLoop
{
    private void OnAssigned(List<TopicPartition> partitions)
    {
        _progress.AddRebalance();
        _telemetry.RecordRebalance(RebalanceKind.Assigned);
        foreach (TopicPartition partition in partitions)
        {
            _trackers[partition] = new PartitionOffsetTracker();
        }

        _pipeline.RestoreAlerts(partitions); // before any window of these partitions is consumed
        PublishAssignment();
        LogAssigned(_logger, Describe(partitions));
    }

    /// <summary>
    /// Partitions leave cleanly: score what is batched, wait (bounded) for their outputs' acknowledgements, store and
    /// commit their offsets, then let them go. Whatever could not finish in time is re-read by the new owner.
    /// </summary>
    private void OnRevoked(List<TopicPartitionOffset> partitions)
    {
        _progress.AddRebalance();
        _telemetry.RecordRebalance(RebalanceKind.Revoked);
        List<TopicPartition> revoked = [.. partitions.Select(partition => partition.TopicPartition)];
        _pipeline.FlushAll(CancellationToken.None);
        if (_exactlyOnce)
        {
            if (_fatal is null) // after a fatal error the producer cannot commit: the next owner replays from the committed offsets
            {
                MaybeCommitTransaction(force: true);
            }
        }
        else
        {
            // Readings held in open windows never finish here: their partial windows are abandoned (the new owner re-reads them).
            Dictionary<TopicPartition, int> held = revoked.ToDictionary(partition => partition, _pipeline.HeldIn);
            _pipeline.AbandonReadings(revoked);
            TimeSpan budget = TimeSpan.FromMilliseconds(Math.Min(_worker.SessionTimeoutMs / 2, _worker.ShutdownTimeoutSeconds * 1000));
            if (!DrainUntil(() => revoked.All(partition => !_trackers.TryGetValue(partition, out PartitionOffsetTracker? tracker)
                || tracker.InFlight == 0 || (_readings && tracker.Unfinished <= held[partition])), budget))
            {
                LogDrainTimeout(_logger, InFlight());
            }

            List<TopicPartitionOffset> offsets = [.. revoked
                .Where(partition => _trackers.TryGetValue(partition, out PartitionOffsetTracker? tracker) && tracker.Committable >= 0)
                .Select(partition => new TopicPartitionOffset(partition, _trackers[partition].Committable))];
            if (offsets.Count > 0)
            {
                try
                {
                    _consumer.Commit(offsets);
                }
                catch (KafkaException exception)
                {
                    _progress.AddCommitFailure();
                    _telemetry.RecordCommitFailure(exception.Error.Code.ToString());
                    LogCommitFailed(_logger, "revoke", exception.Error.Code.ToString(), exception.Error.Reason);
                }
            }
        }

        foreach (TopicPartition partition in revoked)
        {
            _trackers.Remove(partition);
            _positions.Remove(partition);
        }

        _pipeline.ForgetAlerts(revoked);
        PublishAssignment();
        LogRevoked(_logger, Describe(revoked));
    }

    /// <summary>
    /// Partitions were taken away (session expired): another member may already own them, so committing would be
    /// wrong. Drop their batched windows and their trackers (late acknowledgements land on the orphaned tracker).
    /// Exactly-once: the open transaction holds their outputs, so it is aborted and the rest rewound.
    /// </summary>
    private void OnLost(List<TopicPartitionOffset> partitions)
    {
        _progress.AddRebalance();
        _telemetry.RecordRebalance(RebalanceKind.Lost);
        List<TopicPartition> lost = [.. partitions.Select(partition => partition.TopicPartition)];
        _pipeline.Drop(lost);
        _pipeline.AbandonReadings(lost);
        foreach (TopicPartition partition in lost)
        {
            _trackers.Remove(partition);
            _positions.Remove(partition);
        }

        if (_exactlyOnce)
        {
            AbortAndRewind("partitions lost");
        }

        _pipeline.ForgetAlerts(lost);
        PublishAssignment();
        LogLost(_logger, Describe(lost));
    }

    private void PublishAssignment()
    {
        _progress.AssignedPartitions = [.. _trackers.Keys.Select(partition => partition.Partition.Value).Order()];
        _health.SetAssignedPartitions(_trackers.Count);
    }

    private static string Describe(IEnumerable<TopicPartition> partitions) =>
        string.Join(",", partitions.Select(partition => $"{partition.Topic}[{partition.Partition.Value}]"));
}
