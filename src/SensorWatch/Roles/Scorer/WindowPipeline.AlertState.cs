using Confluent.Kafka;
using SensorWatch.Kafka;
using SensorWatch.Roles.Scorer.State;

namespace SensorWatch.Roles.Scorer;

/// <summary>Alert state that survives restarts and rebalances: checkpoints out, restores in (see <see cref="AlertStateTopic"/>).</summary>
internal sealed partial class WindowPipeline
{
    /// <summary>The checkpoint topic, or null when alert state stays in memory only (set by the loop before it subscribes).</summary>
    public AlertStateTopic? AlertState { get; set; }

    /// <summary>Sensors with alert state on this replica.</summary>
    public int AlertSensors => _alerts.Count;

    /// <summary>Partitions were assigned: install their sensors' checkpointed alert state before any of their windows is scored.</summary>
    public void RestoreAlerts(IReadOnlyCollection<TopicPartition> assigned)
    {
        if (AlertState is null)
        {
            return;
        }

        foreach (AlertCheckpoint checkpoint in AlertState.Restore(assigned))
        {
            _alerts.Restore(checkpoint);
            if (checkpoint.RaiseVersion is { } version)
            {
                _thresholdRaises.Restore(checkpoint.Model, version, checkpoint.RaiseThreshold);   // false-positive raises survive restarts
            }
        }
    }

    /// <summary>Partitions left: forget their sensors' alert state (checkpointed; the new owner restores it).</summary>
    public void ForgetAlerts(IReadOnlyCollection<TopicPartition> partitions) => _alerts.Forget(partitions);

    /// <summary>Writes the sensor's alert state, with its model key's false-positive threshold raise when one is in force.</summary>
    private void CheckpointAlertState(string sensorId, InputTicket ticket, CancellationToken cancellationToken)
    {
        if (AlertState is null)
        {
            return;
        }

        AlertCheckpoint checkpoint = _alerts.Checkpoint(sensorId);
        if (_thresholdRaises.Current(checkpoint.Model) is { } raise)
        {
            checkpoint = checkpoint with { RaiseVersion = raise.Version, RaiseThreshold = raise.Threshold };
        }

        AlertState.Write(checkpoint, ticket, cancellationToken);
    }
}
