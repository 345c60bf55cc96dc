using System.Collections.Concurrent;
using System.Globalization;

namespace SensorWatch.Health;

/// <summary>
/// What the worker tells the probes, thread-safe. Readiness (<c>/health</c>): the consumer is assigned or
/// awaiting assignment, at least one model key is loaded or in probation, and Kafka is reachable.
/// Liveness (<c>/alive</c>): every registered loop has beaten within the budget (a stalled loop means the
/// process should be restarted). Heartbeats are cheap (one interlocked write) so loops may beat every poll.
/// </summary>
internal sealed class HealthState
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, Heartbeat> _loops = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (ModelReadiness State, long Version)> _models = new(StringComparer.Ordinal);
    private AssignmentState _assignment = AssignmentState.NotStarted;
    private int _assignedPartitions;
    private bool? _kafkaReachable;
    private string _kafkaDetail = "not contacted yet";

    public HealthState(TimeSpan livenessBudget, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(livenessBudget, TimeSpan.Zero);
        LivenessBudget = livenessBudget;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>How long a loop may go without a heartbeat before liveness fails.</summary>
    public TimeSpan LivenessBudget { get; }

    /// <summary>The consumer subscribed; it has no partitions yet.</summary>
    public void MarkAwaitingAssignment() => SetAssignedPartitions(0);

    /// <summary>
    /// After a rebalance: the number of partitions now assigned (0 = awaiting assignment). An assignment comes from the
    /// group coordinator, so it also proves Kafka reachable (an idle worker receives no message that would).
    /// </summary>
    public void SetAssignedPartitions(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            _assignedPartitions = count;
            _assignment = count > 0 ? AssignmentState.Assigned : AssignmentState.AwaitingAssignment;
            if (count > 0)
            {
                _kafkaReachable = true;
                _kafkaDetail = "reachable (partitions assigned by the group coordinator)";
            }
        }
    }

    /// <summary>A model now serves <paramref name="modelKey"/>.</summary>
    public void SetModelLoaded(string modelKey, long version) => SetModel(modelKey, ModelReadiness.Loaded, version);

    /// <summary><paramref name="modelKey"/> has no model yet and collects windows for its first training.</summary>
    public void SetModelProbation(string modelKey) => SetModel(modelKey, ModelReadiness.Probation, 0);

    /// <summary>Kafka answered (a successful poll, metadata or statistics callback).</summary>
    public void SetKafkaReachable()
    {
        lock (_gate)
        {
            _kafkaReachable = true;
            _kafkaDetail = "reachable";
        }
    }

    /// <summary>Kafka is unreachable (e.g. all brokers down); <paramref name="reason"/> is shown in <c>/health</c>.</summary>
    public void SetKafkaUnreachable(string reason)
    {
        lock (_gate)
        {
            _kafkaReachable = false;
            _kafkaDetail = string.IsNullOrWhiteSpace(reason) ? "unreachable" : reason;
        }
    }

    /// <summary>Starts watching a loop; it counts as having just beaten.</summary>
    public void RegisterLoop(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _loops[name] = new Heartbeat(_timeProvider.GetTimestamp());
    }

    /// <summary>Stops watching a loop that ended on purpose.</summary>
    public void UnregisterLoop(string name) => _loops.TryRemove(name, out _);

    /// <summary>The loop <paramref name="name"/> is alive (registers it on first use).</summary>
    public void Beat(string name)
    {
        if (_loops.TryGetValue(name, out Heartbeat? heartbeat))
        {
            heartbeat.Touch(_timeProvider.GetTimestamp());
            return;
        }

        RegisterLoop(name);
    }

    /// <summary>Readiness: assignment, models, Kafka.</summary>
    public HealthReport GetReadiness()
    {
        lock (_gate)
        {
            HealthCheck consumer = _assignment switch
            {
                AssignmentState.Assigned => new HealthCheck("consumer", true, string.Create(CultureInfo.InvariantCulture, $"assigned {_assignedPartitions} partition(s)")),
                AssignmentState.AwaitingAssignment => new HealthCheck("consumer", true, "awaiting assignment"),
                _ => new HealthCheck("consumer", false, "not subscribed yet (starting)"),
            };
            HealthCheck models = ModelCheck();
            HealthCheck kafka = new("kafka", _kafkaReachable == true, _kafkaDetail);
            return HealthReport.From([consumer, models, kafka], "ready", "not_ready");
        }
    }

    /// <summary>Liveness: every registered loop beat within <see cref="LivenessBudget"/>.</summary>
    public HealthReport GetLiveness()
    {
        long now = _timeProvider.GetTimestamp();
        List<HealthCheck> checks = [new HealthCheck("process", true, "running")];
        foreach (KeyValuePair<string, Heartbeat> loop in _loops.ToArray().OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            TimeSpan since = _timeProvider.GetElapsedTime(loop.Value.Last, now);
            bool alive = since <= LivenessBudget;
            string detail = string.Create(CultureInfo.InvariantCulture,
                $"last heartbeat {since.TotalSeconds:F1} s ago (budget {LivenessBudget.TotalSeconds:F0} s){(alive ? "" : ": stalled")}");
            checks.Add(new HealthCheck($"loop {loop.Key}", alive, detail));
        }

        return HealthReport.From(checks, "alive", "stalled");
    }

    private HealthCheck ModelCheck()
    {
        if (_models.Count == 0)
        {
            return new HealthCheck("models", false, "no model loaded and none in probation yet");
        }

        string detail = string.Join(", ", _models.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => m.Value.State == ModelReadiness.Loaded
            ? string.Create(CultureInfo.InvariantCulture, $"{m.Key} v{m.Value.Version} loaded")
            : $"{m.Key} in probation"));
        return new HealthCheck("models", true, detail);
    }

    private void SetModel(string modelKey, ModelReadiness state, long version)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelKey);
        lock (_gate)
        {
            _models[modelKey] = (state, version);
        }
    }

    private sealed class Heartbeat(long timestamp)
    {
        private long _last = timestamp;

        public long Last => Interlocked.Read(ref _last);

        public void Touch(long timestamp) => Interlocked.Exchange(ref _last, timestamp);
    }
}
