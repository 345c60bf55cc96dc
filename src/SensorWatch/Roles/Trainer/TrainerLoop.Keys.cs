using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using SensorWatch.Core.Retraining;
using SensorWatch.Telemetry;

namespace SensorWatch.Roles.Trainer;

/// <summary>Owned keys: their coordinators, the served model each starts from, and partition moves.</summary>
internal sealed partial class TrainerLoop
{
    private long _lastKeyReport;
    private bool _anyTraining;   // some key was training at the last poll (the one-training-per-process budget between polls)

    /// <summary>The key's state, created on its first record (served model from the topic, else the store).</summary>
    private KeyState Owned(string modelKey, TopicPartition partition)
    {
        if (_keys.TryGetValue(modelKey, out KeyState? state))
        {
            state.Partition = partition;
            return state;
        }

        state = new KeyState(NewCoordinator(modelKey), partition);
        _keys.Add(modelKey, state);
        ServedModel? served = _served.GetValueOrDefault(modelKey) ?? FromStore(modelKey);
        if (served is not null)
        {
            SetCurrent(state, served);
        }

        LogOwned(_logger, modelKey, partition.ToString(), state.Coordinator.CurrentVersion ?? "none yet");
        if (served is null)
        {
            LogNoServedModel(_logger, modelKey);
        }

        return state;
    }

    private RetrainingCoordinator NewCoordinator(string modelKey)
    {
        RetrainingCoordinator coordinator = new(modelKey, _options, new Random(StableSeed(modelKey)), TimeProvider.System) { PinCheck = () => PinnedIn(modelKey) };
        foreach (string sensorId in _maintenance)
        {
            coordinator.SetMaintenance(sensorId, true);
        }

        return coordinator;
    }

    /// <summary>
    /// The key's served model from the store: the trainer's versioned store (<c>&lt;store&gt;/&lt;key&gt;/current</c>), else
    /// the scorer's cold-start snapshot (<c>&lt;store&gt;/&lt;key&gt;.swm</c>, when scorer and trainer share
    /// <c>Worker:ModelStore</c>, as with <c>--role all</c>).
    /// </summary>
    private ServedModel? FromStore(string modelKey)
    {
        if (_store is null)
        {
            return null;
        }

        try
        {
            if (_store.LoadCurrent(modelKey) is { } current)
            {
                return Served(modelKey, current.Detector, $"store v{current.Version}");
            }

            string coldStart = Path.Combine(_store.Root, modelKey + Scorer.DirectoryModelStore.Extension);
            return File.Exists(coldStart) ? Served(modelKey, Core.Snapshots.ModelSnapshot.Read(coldStart), coldStart) : null;
        }
        catch (Exception exception) when (exception is ModelStoreException or Core.Snapshots.ModelSnapshotException or IOException)
        {
            LogStoreProblem(_logger, modelKey, exception.Message);
        }

        return null;
    }

    private static ServedModel Served(string modelKey, Core.Scoring.AnomalyDetector detector, string origin) =>
        new(modelKey, detector, new Scorer.DetectorScoringModel(modelKey, detector).Version, origin);

    /// <summary>The served model of a key changed: tell its coordinator (a new shape starts a new coordinator).</summary>
    private void SetCurrent(KeyState state, ServedModel served)
    {
        try
        {
            state.Coordinator.SetCurrent(served.Detector, served.Version);
        }
        catch (ArgumentException exception)
        {
            LogShapeChanged(_logger, served.ModelKey, exception.Message);
            Report(state.Coordinator.DrainEvents());
            state.Coordinator.Dispose();
            state.Coordinator = NewCoordinator(served.ModelKey);
            state.Coordinator.SetCurrent(served.Detector, served.Version);
        }

        if (_ownsReadiness)
        {
            _health.SetModelLoaded(served.ModelKey, served.Detector.Metadata.TrainedAt.ToUnixTimeSeconds());
        }
    }

    private void DrainModels()
    {
        while (_models.TryTake(out ServedModel served))
        {
            _served[served.ModelKey] = served;
            if (_keys.TryGetValue(served.ModelKey, out KeyState? state) && state.Coordinator.CurrentVersion != served.Version)
            {
                LogServed(_logger, served.ModelKey, served.Version, served.Origin);
                SetCurrent(state, served);
                Report(state.Coordinator.DrainEvents());
            }
        }
    }

    /// <summary>Assigned partitions start at their recent tail, so the new owner rebuilds its keys' samples.</summary>
    private IEnumerable<TopicPartitionOffset> OnAssigned(IConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions)
    {
        List<TopicPartitionOffset> starts = [];
        foreach (TopicPartition partition in partitions)
        {
            Offset start = Offset.End;
            try
            {
                WatermarkOffsets marks = consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(5));
                start = new Offset(Math.Max(marks.Low.Value, marks.High.Value - _settings.Worker.TrainerReplayRecords));
            }
            catch (KafkaException exception)
            {
                LogClientError(_logger, exception.Error.Code.ToString(), $"watermarks of {partition}: {exception.Error.Reason}; starting at the end");
            }

            starts.Add(new TopicPartitionOffset(partition, start));
            _assigned.Add(partition);
        }

        LogAssigned(_logger, string.Join(", ", starts.Select(s => s.ToString())));
        if (_ownsReadiness)
        {
            _health.SetAssignedPartitions(_assigned.Count);
        }

        return starts;
    }

    /// <summary>Revoked or lost partitions: their keys' cycles are abandoned (a running training is cancelled).</summary>
    private void OnReleased(List<TopicPartition> partitions, string how)
    {
        HashSet<TopicPartition> released = [.. partitions];
        _assigned.ExceptWith(released);
        foreach (KeyValuePair<string, KeyState> entry in _keys.Where(entry => released.Contains(entry.Value.Partition)).ToList())
        {
            entry.Value.Coordinator.Poll(new CancellationToken(canceled: true));
            Report(entry.Value.Coordinator.DrainEvents());
            entry.Value.Coordinator.Dispose();
            _keys.Remove(entry.Key);
            _progress.RemoveKey(entry.Key);
        }

        LogReleased(_logger, how, string.Join(", ", partitions));
        if (_ownsReadiness)
        {
            _health.SetAssignedPartitions(_assigned.Count);
        }
    }

    /// <summary>Polls every coordinator; an idle one may start training only when no other key is training (the CPU budget).</summary>
    private void PollCoordinators()
    {
        bool training = _keys.Values.Any(state => state.Coordinator.Phase == RetrainPhase.Training);
        foreach (KeyState state in _keys.Values)
        {
            if (!(training && state.Coordinator.Phase == RetrainPhase.Idle))
            {
                training |= PollKey(state);
            }

            Report(state.Coordinator.DrainEvents());
        }

        _anyTraining = training;
    }

    /// <summary>
    /// Right after a window of an idle key was observed: a training that fell due starts at this very window, not at the
    /// end of the consumed batch, so the same samples stream gives the same training sample (and, seeded, the same
    /// candidate) however the consumer happens to batch it.
    /// </summary>
    private void StartIfDue(KeyState state)
    {
        if (!_anyTraining && state.Coordinator.Phase == RetrainPhase.Idle)
        {
            _anyTraining = PollKey(state);
            Report(state.Coordinator.DrainEvents());
        }
    }

    /// <summary>One coordinator's poll, its decision carried out; true when it is training afterwards.</summary>
    private bool PollKey(KeyState state)
    {
        RetrainingCoordinator coordinator = state.Coordinator;
        bool wasTraining = coordinator.Phase == RetrainPhase.Training;
        RetrainAction action = coordinator.Poll(_stopping);
        if (!wasTraining && coordinator.Phase == RetrainPhase.Training)
        {
            LogTrainingStarted(_logger, coordinator.ModelKey, coordinator.CurrentVersion ?? "none",
                coordinator.Sample.Reservoir.Count + coordinator.Sample.RecentCount);
        }

        Carry(coordinator.ModelKey, action);
        return coordinator.Phase == RetrainPhase.Training;
    }

    /// <summary>Each key's phase and sample size for the progress view: at once when a phase changed, else once a second.</summary>
    private void ReportKeys()
    {
        long now = Stopwatch.GetTimestamp();
        bool due = now - _lastKeyReport >= Stopwatch.Frequency;
        if (due)
        {
            _lastKeyReport = now;
        }

        foreach (KeyState state in _keys.Values)
        {
            RetrainingCoordinator coordinator = state.Coordinator;
            if (due || coordinator.Phase != state.ReportedPhase)
            {
                state.ReportedPhase = coordinator.Phase;
                _progress.SetKey(new TrainerKeyView(coordinator.ModelKey, coordinator.Phase, coordinator.CurrentVersion,
                    coordinator.Sample.Reservoir.Count + coordinator.Sample.RecentCount, coordinator.Retrains,
                    coordinator.Sample.Composition.Admitted(SampleSource.FalsePositiveFeedback), coordinator.Sample.Composition.Excluded(ExclusionReason.Maintenance)));
            }
        }
    }

    /// <summary>Why <paramref name="modelKey"/> may not be promoted over (pinned in <c>Worker:ModelStore</c>), or null; an unreadable pointer counts as not pinned.</summary>
    private string? PinnedIn(string modelKey)
    {
        try
        {
            return _store?.Pointer(modelKey) is { Pinned: true } pointer
                ? string.Create(CultureInfo.InvariantCulture, $"'{modelKey}' is pinned to v{pointer.Version} in the model store {_store.Root} (sensorwatch model unpin)")
                : null;
        }
        catch (Exception exception) when (exception is ModelStoreException or IOException or UnauthorizedAccessException)
        {
            LogStoreProblem(_logger, modelKey, exception.Message);
            return null;
        }
    }

    /// <summary>Each owned key's phase and sample size for the <c>sensorwatch.trainer.*</c> gauges (from the progress view, any thread).</summary>
    private IReadOnlyCollection<TrainerStatus> TrainerStatuses() =>
        [.. _progress.Keys.Select(key => new TrainerStatus(key.ModelKey, key.Phase switch
        {
            RetrainPhase.Idle => "idle",
            RetrainPhase.Training => "training",
            RetrainPhase.Shadow => "shadow",
            _ => "watching",
        }, key.SampleWindows))];

    /// <summary>FNV-1a of the key: the same key gets the same reservoir and training seeds on every replica and run.</summary>
    private static int StableSeed(string modelKey)
    {
        uint hash = 2166136261;
        foreach (char c in modelKey)
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)(hash & 0x7FFFFFFF);
    }
}
