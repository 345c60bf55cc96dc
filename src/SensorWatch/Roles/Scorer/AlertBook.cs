using Confluent.Kafka;
using SensorWatch.Core.Alerting;
using SensorWatch.Roles.Scorer.State;

namespace SensorWatch.Roles.Scorer;

/// <summary>
/// One <see cref="AlertStateMachine"/> per sensor, with the input partition its windows come from (the replica owns the
/// sensor while it owns that partition). States are restored from checkpoints when a partition is assigned and
/// forgotten when it leaves. In exactly-once mode it remembers each touched sensor's state as of the last committed
/// transaction, so an abort can restore it (the replayed windows then produce the same alerts).
/// </summary>
internal sealed class AlertBook
{
    private readonly Dictionary<string, Entry> _sensors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry?> _checkpoint = new(StringComparer.Ordinal);   // null = did not exist
    private readonly Dictionary<string, bool> _maintenance = new(StringComparer.Ordinal);   // operator verdicts: true = muted
    private readonly AlertPolicy _policy;
    private readonly bool _transactional;

    public AlertBook(AlertPolicy policy, bool transactional)
    {
        _policy = policy;
        _transactional = transactional;
    }

    public int Count => _sensors.Count;

    /// <summary>Feeds one scored window; <paramref name="changed"/> says a checkpoint is due (anything but the replay guard moved).</summary>
    public AlertTransition Observe(string sensorId, string modelKey, TopicPartitionOffset source, in WindowVerdict verdict, out bool changed)
    {
        Entry entry = Touch(sensorId, modelKey);
        if (entry.Source.Partition != source.Partition || entry.Source.Topic != source.Topic)
        {
            entry.Source = source.TopicPartition; // allocates: only when the sensor's input partition changes
        }

        long before = entry.Machine.Revision;
        // The operator's latest maintenance verdict wins over restored or rolled-back state (and reaches sensors
        // created after the verdict arrived); a resolve it causes is what this window publishes.
        AlertTransition maintenance = _maintenance.Count > 0 ? Reconcile(entry) : default;
        AlertTransition transition = entry.Machine.Observe(verdict);
        changed = entry.Machine.Revision != before || entry.Fresh;
        entry.Fresh &= !changed;
        return maintenance.IsPublishable ? maintenance : transition;
    }

    /// <summary>
    /// Records an operator's maintenance verdict for a sensor (kept for sensors this replica does not track yet) and
    /// applies it now when the sensor is tracked: <paramref name="changed"/> then says a checkpoint is due; the result is
    /// the resolve of an alert that maintenance closed (ByMaintenance), or None.
    /// </summary>
    public AlertTransition SetMaintenance(string sensorId, bool muted, out bool tracked, out bool changed)
    {
        _maintenance[sensorId] = muted;
        tracked = _sensors.ContainsKey(sensorId);
        changed = false;
        if (!tracked)
        {
            return default;
        }

        Entry entry = Touch(sensorId, null);
        long before = entry.Machine.Revision;
        AlertTransition transition = Reconcile(entry);
        changed = entry.Machine.Revision != before;
        return transition;
    }

    public bool IsOpen(string sensorId) => _sensors.TryGetValue(sensorId, out Entry? entry) && entry.Machine.IsOpen;

    public bool IsMuted(string sensorId) => _sensors.TryGetValue(sensorId, out Entry? entry) && entry.Machine.IsMuted;

    /// <summary>The model key and source partition of a tracked sensor.</summary>
    public bool TryGetSensor(string sensorId, out string modelKey, out TopicPartition source)
    {
        if (_sensors.TryGetValue(sensorId, out Entry? entry))
        {
            modelKey = entry.Machine.Model;
            source = entry.Source;
            return true;
        }

        modelKey = "";
        source = null!;
        return false;
    }

    /// <summary>The sensor's current state as a checkpoint record.</summary>
    public AlertCheckpoint Checkpoint(string sensorId)
    {
        Entry entry = _sensors[sensorId];
        return new AlertCheckpoint(sensorId, entry.Machine.Model, entry.Source.Topic, entry.Source.Partition.Value, entry.Machine.State,
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    /// <summary>Installs a restored state (a partition was just assigned; nothing of it has been processed yet).</summary>
    public void Restore(AlertCheckpoint checkpoint)
    {
        _sensors[checkpoint.SensorId] = new Entry(new AlertStateMachine(checkpoint.SensorId, checkpoint.Model, _policy, checkpoint.State),
            new TopicPartition(checkpoint.Topic, checkpoint.Partition)) { Fresh = false };
    }

    /// <summary>Forgets the sensors of partitions that left (their new owner restores them from the checkpoints).</summary>
    public int Forget(IReadOnlyCollection<TopicPartition> partitions)
    {
        HashSet<TopicPartition> gone = [.. partitions];
        List<string> sensors = [.. _sensors.Where(pair => gone.Contains(pair.Value.Source)).Select(pair => pair.Key)];
        foreach (string sensorId in sensors)
        {
            _sensors.Remove(sensorId);
            _checkpoint.Remove(sensorId);
        }

        return sensors.Count;
    }

    public void Commit() => _checkpoint.Clear();

    public void Rollback()
    {
        foreach ((string sensorId, Entry? saved) in _checkpoint)
        {
            if (saved is null)
            {
                _sensors.Remove(sensorId);
            }
            else
            {
                _sensors[sensorId] = saved;
            }
        }

        _checkpoint.Clear();
    }

    private AlertTransition Reconcile(Entry entry)
    {
        if (!_maintenance.TryGetValue(entry.Machine.SensorId, out bool muted) || muted == entry.Machine.IsMuted)
        {
            return default;
        }

        if (muted)
        {
            return entry.Machine.StartMaintenance();
        }

        entry.Machine.EndMaintenance();
        return default;
    }

    /// <summary>The sensor's entry, created (or replaced when its model key changed; null = keep) and saved for a rollback.</summary>
    private Entry Touch(string sensorId, string? modelKey)
    {
        _sensors.TryGetValue(sensorId, out Entry? entry);
        if (_transactional && !_checkpoint.ContainsKey(sensorId))
        {
            _checkpoint[sensorId] = entry?.Copy(_policy);
        }

        if (entry is null || (modelKey is not null && entry.Machine.Model != modelKey))
        {
            entry = new Entry(new AlertStateMachine(sensorId, modelKey ?? entry!.Machine.Model, _policy), entry?.Source ?? new TopicPartition("", 0));
            _sensors[sensorId] = entry;
        }

        return entry;
    }

    private sealed class Entry(AlertStateMachine machine, TopicPartition source)
    {
        public AlertStateMachine Machine { get; } = machine;

        public TopicPartition Source { get; set; } = source;

        /// <summary>Created here and never checkpointed: its first window is checkpointed even if nothing material moved.</summary>
        public bool Fresh { get; set; } = true;

        public Entry Copy(AlertPolicy policy) => new(new AlertStateMachine(Machine.SensorId, Machine.Model, policy, Machine.State), Source) { Fresh = Fresh };
    }
}
