using Confluent.Kafka;

namespace SensorWatch.Kafka;

/// <summary>
/// Sorts every Kafka error the worker sees into a <see cref="KafkaErrorKind"/>. All error reactions of the scorer
/// go through this one table so that "what stops the process" is answered in one file.
/// </summary>
internal static class KafkaErrorPolicy
{
    public static KafkaErrorKind Classify(Error error)
    {
        if (error.IsFatal)
        {
            return KafkaErrorKind.Fatal;
        }

        return error.Code switch
        {
            ErrorCode.NoError => KafkaErrorKind.Transient,
            ErrorCode.Local_Transport or ErrorCode.Local_AllBrokersDown or ErrorCode.Local_TimedOut
                or ErrorCode.RequestTimedOut or ErrorCode.NotCoordinatorForGroup or ErrorCode.GroupLoadInProgress
                or ErrorCode.GroupCoordinatorNotAvailable or ErrorCode.NotLeaderForPartition or ErrorCode.LeaderNotAvailable
                or ErrorCode.NetworkException or ErrorCode.Local_Resolve or ErrorCode.BrokerNotAvailable
                or ErrorCode.RebalanceInProgress or ErrorCode.FencedLeaderEpoch
                or ErrorCode.UnknownLeaderEpoch or ErrorCode.StaleCtrlEpoch => KafkaErrorKind.Transient,
            // MaxPollExceeded: the loop stalled past max.poll.interval.ms and left the group (logged as a warning).
            ErrorCode.Local_MaxPollExceeded or ErrorCode.Local_MsgTimedOut or ErrorCode.Local_QueueFull or ErrorCode.MsgSizeTooLarge
                or ErrorCode.UnknownTopicOrPart or ErrorCode.Local_UnknownTopic or ErrorCode.Local_UnknownPartition
                or ErrorCode.OffsetOutOfRange or ErrorCode.IllegalGeneration or ErrorCode.UnknownMemberId
                or ErrorCode.Local_State or ErrorCode.NotEnoughReplicas or ErrorCode.NotEnoughReplicasAfterAppend => KafkaErrorKind.Retriable,
            ErrorCode.InvalidProducerEpoch or ErrorCode.ConcurrentTransactions or ErrorCode.InvalidTxnState
                or ErrorCode.OutOfOrderSequenceNumber or ErrorCode.UnknownProducerId => KafkaErrorKind.AbortTransaction,
            ErrorCode.ProducerFenced or ErrorCode.TransactionalIdAuthorizationFailed or ErrorCode.SaslAuthenticationFailed
                or ErrorCode.Local_Authentication or ErrorCode.TopicAuthorizationFailed or ErrorCode.GroupAuthorizationFailed
                or ErrorCode.ClusterAuthorizationFailed or ErrorCode.Local_Fatal or ErrorCode.Local_InvalidArg
                or ErrorCode.Local_Ssl or ErrorCode.FencedInstanceId => KafkaErrorKind.Fatal,
            _ => KafkaErrorKind.Retriable,
        };
    }

    /// <summary>Exceptions from transactional calls carry their own verdict (librdkafka's txn error flags).</summary>
    public static KafkaErrorKind Classify(KafkaException exception)
    {
        if (exception is KafkaTxnRequiresAbortException)
        {
            return KafkaErrorKind.AbortTransaction;
        }

        if (exception is KafkaRetriableException)
        {
            return KafkaErrorKind.Retriable;
        }

        return Classify(exception.Error);
    }
}
