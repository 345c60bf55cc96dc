using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using SensorWatch.Core.Alerting;
using SensorWatch.Kafka;
using SensorWatch.Kafka.Messages;
using SensorWatch.Roles.Scorer.Feedback;

namespace SensorWatch.Roles.Scorer;

/// <summary>
/// Operator feedback (<c>sensor.feedback</c>), applied on the loop thread to the sensors this replica owns:
/// maintenance-start mutes the sensor (an open alert resolves ByMaintenance), maintenance-end unmutes — the latest
/// maintenance verdict per sensor is also kept for sensors this replica does not track yet and applied when their
/// windows arrive or their state is restored; false-positive raises the model key's threshold (<see cref="ThresholdRaises"/>);
/// confirmed and false-positive count toward the live precision metric per model key and version. Verdicts read from the
/// topic's history at start only set maintenance; the others count only live. Malformed feedback is dead-lettered by
/// the replica that owns windows partition 0 (so once, not once per replica), and never stops the loop.
/// </summary>
internal sealed partial class WindowPipeline
{
    private const int FeedbackPerIteration = 64;

    private static readonly PartitionOffsetTracker s_feedbackTracker = new();   // never registered: detached tickets only

    private readonly RecentAlerts _recentAlerts = new();
    private readonly ThresholdRaises _thresholdRaises = new();

    /// <summary>The feedback follower, or null when <c>Kafka:Topics:Feedback</c> is empty (set by the loop).</summary>
    public FeedbackReader? Feedback { get; set; }

    /// <summary>
    /// True when feedback produced outputs (a maintenance resolve, a dead letter) since the last exactly-once commit: the
    /// loop then commits the transaction even when no window was consumed (cleared by the loop).
    /// </summary>
    public bool SideOutputsPending { get; set; }

    /// <summary>True when the feedback reader has records for the loop.</summary>
    public bool FeedbackWaiting => Feedback?.HasItems == true;

    /// <summary>The threshold in force for a key: a false-positive raise for the served version, else the calibrated one.</summary>
    public double EffectiveThreshold(string modelKey, string? version, double calibrated) => _thresholdRaises.Effective(modelKey, version, calibrated);

    /// <summary>Applies the feedback read since the last call (bounded per call so polling continues).</summary>
    public void ApplyFeedback(bool ownsFirstWindowsPartition, CancellationToken cancellationToken)
    {
        for (int i = 0; i < FeedbackPerIteration && Feedback is not null && Feedback.TryTake(out FeedbackItem item); i++)
        {
            try
            {
                Apply(item, ownsFirstWindowsPartition, cancellationToken);
                _progress.AddFeedback();
            }
            catch (Exception exception) when (exception is not OperationCanceledException and not KafkaException)
            {
                LogProcessingError(_logger, item.Raw.TopicPartitionOffset.ToString(), exception);
                if (ownsFirstWindowsPartition)
                {
                    InputTicket ticket = Detached(item);
                    DeadLetter(item.Raw.Message, ticket, DeadLetterReason.ProcessingError, exception.Message, exception, cancellationToken);
                }
            }
        }
    }

    private void Apply(FeedbackItem item, bool ownsFirstWindowsPartition, CancellationToken cancellationToken)
    {
        if (!item.Result.IsOk)
        {
            if (item.Live && ownsFirstWindowsPartition)
            {
                DeadLetter(item.Raw.Message, Detached(item), item.Result.Reason, item.Result.Detail, null, cancellationToken);
            }

            return;
        }

        FeedbackMessage message = item.Message!;
        switch (message.Verdict)
        {
            case FeedbackVerdict.MaintenanceStart or FeedbackVerdict.MaintenanceEnd:
                ApplyMaintenance(message.SensorId!, message.Verdict == FeedbackVerdict.MaintenanceStart, item, cancellationToken);
                break;
            case FeedbackVerdict.Confirmed or FeedbackVerdict.FalsePositive when item.Live:
                ApplyVerdict(message, item, cancellationToken);
                break;
            default:
                break; // a verdict from the history read at start: already counted by whoever was running then
        }
    }

    private void ApplyMaintenance(string sensorId, bool muted, FeedbackItem item, CancellationToken cancellationToken)
    {
        AlertTransition transition = _alerts.SetMaintenance(sensorId, muted, out bool tracked, out bool changed);
        LogMaintenance(_logger, muted ? "start" : "end", sensorId, tracked ? "applied" : "kept for when its windows arrive");
        if (!tracked || (!changed && !transition.IsPublishable))
        {
            return;
        }

        InputTicket ticket = Detached(item);
        if (transition.IsPublishable && _alerts.TryGetSensor(sensorId, out string modelKey, out _))
        {
            string version = _models.Find(modelKey)?.Model?.Version ?? "";
            byte[] value = _alertEncoder.Encode(transition, new AlertContext(sensorId, modelKey, version, null), [], null);
            Message<byte[], byte[]> message = new() { Key = Encoding.UTF8.GetBytes(sensorId), Value = value };
            _publisher.Publish(new OutputRecord(_topics.Alerts, message, ticket, OutputKind.Alert), cancellationToken);
            _progress.AddAlertResolved();
            _telemetry.RecordAlertResolved(modelKey);
            LogAlert(_logger, transition.Kind.ToString(), sensorId, modelKey, transition.AlertId ?? "", transition.Severity);
            _progress.RaiseAlert(sensorId, modelKey, transition);
        }

        if (changed)
        {
            CheckpointAlertState(sensorId, ticket, cancellationToken);
        }

        _publisher.Seal(ticket);
    }

    private void ApplyVerdict(FeedbackMessage message, FeedbackItem item, CancellationToken cancellationToken)
    {
        RecentAlert? alert = message.AlertId is not null
            ? _recentAlerts.Find(message.AlertId)
            : _recentAlerts.Find(message.SensorId!, message.WindowStartMs!.Value, message.WindowEndMs ?? message.WindowStartMs.Value + 1);
        string? sensorId = alert?.SensorId ?? message.SensorId;
        if (sensorId is null || !_alerts.TryGetSensor(sensorId, out string sensorModel, out _))
        {
            return; // not a sensor of this replica: its owner applies it
        }

        string modelKey = alert?.ModelKey ?? sensorModel;
        IScoringModel? model = _models.Find(modelKey)?.Model;
        string version = alert?.ModelVersion ?? model?.Version ?? "unknown";
        bool confirmed = message.Verdict == FeedbackVerdict.Confirmed;
        _telemetry.RecordFeedbackVerdict(modelKey, version, confirmed);
        if (confirmed || model is null || version != model.Version)
        {
            LogVerdict(_logger, confirmed ? "confirmed" : "false-positive", sensorId, modelKey, version, double.NaN);
            return; // a verdict on an older model's alert recalibrates nothing: that model is no longer served
        }

        double raised = _thresholdRaises.FalsePositive(modelKey, model.Version, model.Threshold, alert?.MaxScore ?? double.NaN);
        LogVerdict(_logger, "false-positive", sensorId, modelKey, version, raised);
        if (AlertState is not null)
        {
            InputTicket ticket = Detached(item);   // the raise rides on the sensor's checkpoint, so a restart or the next owner restores it
            CheckpointAlertState(sensorId, ticket, cancellationToken);
            _publisher.Seal(ticket);
        }
    }

    /// <summary>Remembers an open alert's windows (span and highest score) so feedback naming it can be traced.</summary>
    private void RememberAlert(string sensorId, string modelKey, string modelVersion, in AlertTransition transition)
    {
        if (transition.AlertId is not null)
        {
            _recentAlerts.Record(transition.AlertId, sensorId, modelKey, modelVersion, transition.WindowStartMs, transition.WindowEndMs,
                transition.Kind == AlertTransitionKind.Resolved || transition.ByMaintenance ? double.NaN : transition.Score);
        }
    }

    private InputTicket Detached(FeedbackItem item)
    {
        SideOutputsPending = true;
        return new(item.Raw.TopicPartitionOffset, s_feedbackTracker, DateTime.UtcNow) { Detached = true };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Maintenance {Verdict} for sensor '{SensorId}': {Outcome}")]
    private static partial void LogMaintenance(ILogger logger, string verdict, string sensorId, string outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feedback {Verdict} on sensor '{SensorId}' (model '{ModelKey}' {Version}); threshold now {Threshold:G4}")]
    private static partial void LogVerdict(ILogger logger, string verdict, string sensorId, string modelKey, string version, double threshold);
}
