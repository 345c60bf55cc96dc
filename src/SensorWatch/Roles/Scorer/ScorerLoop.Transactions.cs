using System.Diagnostics;
using Confluent.Kafka;
using SensorWatch.Kafka;

namespace SensorWatch.Roles.Scorer;

/// <summary>
/// Exactly-once (<c>Kafka:Guarantee=ExactlyOnce</c>): the producer is transactional (id = group + instance, so a
/// restarted instance fences its zombie); every output of a batch and the consumed positions
/// (<c>SendOffsetsToTransaction</c> with the group metadata) commit together at most every
/// <see cref="WorkerOptions.TransactionIntervalMs"/>. Any error that needs it aborts the transaction, restores the
/// alert state of the last commit, and rewinds every assigned partition to its committed offset, so the aborted
/// windows are scored again inside the next transaction. Readers use <c>isolation.level=read_committed</c>.
/// </summary>
internal sealed partial class ScorerLoop
{
    private static readonly TimeSpan s_transactionTimeout = TimeSpan.FromSeconds(30);

    private readonly Dictionary<TopicPartition, long> _positions = [];   // next offset to commit, per partition
    private readonly Stopwatch _sinceCommit = Stopwatch.StartNew();
    private bool _abortRequested;
    private long _uncommittedWindows;

    private void InitTransactions()
    {
        _publisher.Producer.InitTransactions(s_transactionTimeout);
        _publisher.Producer.BeginTransaction();
        LogTransactional(_logger, _settings.TransactionalId);
    }

    private void RecordPosition(TopicPartition partition, long next)
    {
        _positions[partition] = next;
        _uncommittedWindows++;
    }

    private void MaybeCommitTransaction(bool force)
    {
        if (_abortRequested)
        {
            AbortAndRewind("a delivery failed");
            return;
        }

        if ((_positions.Count == 0 && !_pipeline.SideOutputsPending) || (!force && _sinceCommit.ElapsedMilliseconds < _worker.TransactionIntervalMs))
        {
            return;
        }

        _pipeline.FlushAll(_stopping);
        List<TopicPartitionOffset> offsets = [.. _positions.Select(entry => new TopicPartitionOffset(entry.Key, entry.Value))];
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                if (offsets.Count > 0) // none when only feedback outputs are pending
                {
                    _publisher.Producer.SendOffsetsToTransaction(offsets, _consumer.ConsumerGroupMetadata, s_transactionTimeout);
                }

                _publisher.Producer.CommitTransaction(s_transactionTimeout);
                break;
            }
            catch (KafkaRetriableException exception) when (attempt < 3)
            {
                LogRetriable(_logger, "transaction commit", exception.Error.Code.ToString(), exception.Error.Reason);
            }
            catch (KafkaException exception) when (KafkaErrorPolicy.Classify(exception) != KafkaErrorKind.Fatal)
            {
                LogRetriable(_logger, "transaction commit", exception.Error.Code.ToString(), exception.Error.Reason);
                _progress.AddCommitFailure();
                AbortAndRewind($"commit failed: {exception.Error.Code}");
                return;
            }
        }

        // The same offsets once more through the group, after the transaction committed: redundant on Apache Kafka
        // (TxnOffsetCommit already stored them atomically) but librdkafka's mock cluster does not apply transactional
        // offset commits, and committing positions whose outputs are already committed can never lose a window.
        try
        {
            if (offsets.Count > 0)
            {
                _consumer.Commit(offsets);
            }
        }
        catch (KafkaException exception)
        {
            _progress.AddCommitFailure();
            _telemetry.RecordCommitFailure(exception.Error.Code.ToString());
            LogCommitFailed(_logger, "post-transaction commit", exception.Error.Code.ToString(), exception.Error.Reason);
        }

        DrainCompletions();
        _pipeline.TransactionCommitted();
        _pipeline.SideOutputsPending = false;
        _progress.AddFinished(_uncommittedWindows);
        _uncommittedWindows = 0;
        _positions.Clear();
        _sinceCommit.Restart();
        _publisher.Producer.BeginTransaction();
    }

    /// <summary>Aborts the open transaction and replays everything after the last committed offsets.</summary>
    private void AbortAndRewind(string reason)
    {
        LogAborting(_logger, reason);
        _abortRequested = false;
        try
        {
            _publisher.Producer.AbortTransaction(s_transactionTimeout);
        }
        catch (KafkaException exception) when (KafkaErrorPolicy.Classify(exception) != KafkaErrorKind.Fatal)
        {
            LogRetriable(_logger, "transaction abort", exception.Error.Code.ToString(), exception.Error.Reason);
        }

        _pipeline.Reset();
        _pipeline.SideOutputsPending = false; // aborted: the maintenance verdicts are re-applied on the sensors' next windows
        while (_publisher.TryTakeFailed(out _, out _))
        {
            // the aborted transaction's failures are moot: those windows are replayed
        }

        List<TopicPartition> assigned = [.. _trackers.Keys];
        foreach (TopicPartition partition in assigned)
        {
            _trackers[partition] = new PartitionOffsetTracker();
        }

        if (assigned.Count > 0)
        {
            foreach (TopicPartitionOffset committed in _consumer.Committed(assigned, s_transactionTimeout))
            {
                Offset target = committed.Offset.IsSpecial ? Offset.Beginning : committed.Offset;
                try
                {
                    _consumer.Seek(new TopicPartitionOffset(committed.TopicPartition, target));
                }
                catch (KafkaException exception)
                {
                    // Not fetching yet: it starts from the committed offset anyway.
                    LogRetriable(_logger, "rewind", exception.Error.Code.ToString(), exception.Error.Reason);
                }
            }
        }

        _positions.Clear();
        _uncommittedWindows = 0;
        _sinceCommit.Restart();
        _publisher.Producer.BeginTransaction();
    }
}
