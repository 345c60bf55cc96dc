using System.Collections.Concurrent;
using SensorWatch.Core.Alerting;

namespace SensorWatch.Roles.Scorer;

/// <summary>
/// Running totals of one scorer, written by its loop and read by anything (the demo's live view, tests, logs).
/// Telemetry instruments carry the same facts to Prometheus; this is the in-process view.
/// </summary>
internal sealed class ScorerProgress
{
    private long _consumed;
    private long _scored;
    private long _probation;
    private long _deadLetters;
    private long _alertsOpened;
    private long _alertsResolved;
    private long _committedWindows;
    private long _deliveryFailures;
    private long _deliveryUnconfirmed;
    private long _commitFailures;
    private long _lag;
    private long _batches;
    private long _rebalances;
    private long _feedback;

    public long Consumed => Interlocked.Read(ref _consumed);

    public long Scored => Interlocked.Read(ref _scored);

    public long Probation => Interlocked.Read(ref _probation);

    public long DeadLetters => Interlocked.Read(ref _deadLetters);

    public long AlertsOpened => Interlocked.Read(ref _alertsOpened);

    public long AlertsResolved => Interlocked.Read(ref _alertsResolved);

    /// <summary>Windows whose outputs are acknowledged and whose offsets were stored (or sent in a committed transaction).</summary>
    public long Finished => Interlocked.Read(ref _committedWindows);

    public long DeliveryFailures => Interlocked.Read(ref _deliveryFailures);

    /// <summary>Success reports without an offset (not known to be written; produced again).</summary>
    public long DeliveryUnconfirmed => Interlocked.Read(ref _deliveryUnconfirmed);

    public long CommitFailures => Interlocked.Read(ref _commitFailures);

    public long Batches => Interlocked.Read(ref _batches);

    public long Rebalances => Interlocked.Read(ref _rebalances);

    /// <summary>Operator feedback records taken from the feedback topic and handled (applied, ignored or dead-lettered).</summary>
    public long Feedback => Interlocked.Read(ref _feedback);

    public void AddFeedback() => Interlocked.Increment(ref _feedback);

    /// <summary>Total consumer lag over the assigned partitions (from librdkafka statistics; -1 unknown).</summary>
    public long Lag => Interlocked.Read(ref _lag);

    /// <summary>Partitions currently assigned to this scorer.</summary>
    public IReadOnlyList<int> AssignedPartitions { get; set; } = [];

    /// <summary>True while the loop has paused its partitions for back-pressure.</summary>
    public bool Paused { get; set; }

    /// <summary>Every model key's state (refreshed by the loop).</summary>
    public IReadOnlyList<ModelStatusView> Models { get; set; } = [];

    /// <summary>Raised on the loop thread for each published alert transition (sensorId, model key, transition).</summary>
    public event Action<string, string, AlertTransition>? AlertPublished;

    /// <summary>Loop-thread time per stage (for bench-pipeline).</summary>
    public ScorerStages Stages { get; } = new();

    /// <summary>Dead letters by reason code.</summary>
    public ConcurrentDictionary<string, long> DeadLettersByReason { get; } = new(StringComparer.Ordinal);

    public void RaiseAlert(string sensorId, string modelKey, AlertTransition transition) => AlertPublished?.Invoke(sensorId, modelKey, transition);

    public void AddConsumed() => Interlocked.Increment(ref _consumed);

    public void AddScored(int count) => Interlocked.Add(ref _scored, count);

    public void AddProbation() => Interlocked.Increment(ref _probation);

    public void AddBatch() => Interlocked.Increment(ref _batches);

    public void AddRebalance() => Interlocked.Increment(ref _rebalances);

    public void AddDeadLetter(string reason)
    {
        Interlocked.Increment(ref _deadLetters);
        DeadLettersByReason.AddOrUpdate(reason, 1, static (_, count) => count + 1);
    }

    public void AddAlertOpened() => Interlocked.Increment(ref _alertsOpened);

    public void AddAlertResolved() => Interlocked.Increment(ref _alertsResolved);

    public void AddFinished(long count) => Interlocked.Add(ref _committedWindows, count);

    public void AddDeliveryFailure() => Interlocked.Increment(ref _deliveryFailures);

    public void AddDeliveryUnconfirmed() => Interlocked.Increment(ref _deliveryUnconfirmed);

    public void AddCommitFailure() => Interlocked.Increment(ref _commitFailures);

    public void SetLag(long lag) => Interlocked.Exchange(ref _lag, lag);
}
