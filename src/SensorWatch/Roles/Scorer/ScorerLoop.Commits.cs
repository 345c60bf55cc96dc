using Confluent.Kafka;

namespace SensorWatch.Roles.Scorer;

/// <summary>
/// Results of librdkafka's background auto-commits (at-least-once): a failed one (e.g. NOT_COORDINATOR, an old
/// generation after a lost assignment) is counted and logged like a failed explicit commit — without this handler it
/// would only reach librdkafka's own debug log, and the commit-failure metric would not move.
/// </summary>
internal sealed partial class ScorerLoop
{
    private void OnCommitted(CommittedOffsets committed)
    {
        Error? error = committed.Error.IsError && committed.Error.Code != ErrorCode.Local_NoOffset
            ? committed.Error
            : committed.Offsets.FirstOrDefault(offset => offset.Error.IsError)?.Error;
        if (error is null)
        {
            return;
        }

        _progress.AddCommitFailure();
        _telemetry.RecordCommitFailure(error.Code.ToString());
        LogCommitFailed(_logger, "auto-commit", error.Code.ToString(), error.Reason);
    }
}
