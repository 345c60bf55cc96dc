using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using SensorWatch.Core.Alerting;
using SensorWatch.Kafka;
using SensorWatch.Kafka.Messages;

namespace SensorWatch.Roles.Scorer;

/// <summary>Scoring one batch and publishing its verdicts.</summary>
internal sealed partial class WindowPipeline
{
    private void ScoreBatch(PendingBatch batch, CancellationToken cancellationToken)
    {
        ModelSlot slot = _models.GetOrCreate(batch.ModelKey);
        IScoringModel model = slot.Model!;
        long started = Stopwatch.GetTimestamp();
        try
        {
            batch.ScoreWith(slot.Scorer!);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            DeadLetterBatch(batch, null, exception, cancellationToken);
            batch.Clear();
            return;
        }

        _progress.Stages.AddScore(started);
        PublishResults(batch, model, started, null, cancellationToken);
    }

    /// <summary>The scored batch's verdicts → alert state, score records, alerts, samples; windows of <paramref name="skip"/> (lost) are left out.</summary>
    private void PublishResults(PendingBatch batch, IScoringModel model, long started, IReadOnlyCollection<TopicPartition>? skip,
        CancellationToken cancellationToken)
    {
        int count = batch.Count;
        int latent = batch.LatentSize;
        long publishing = Stopwatch.GetTimestamp();
        _progress.AddBatch();
        double raised = _thresholdRaises.For(batch.ModelKey, model.Version);   // NaN unless operators marked false positives
        int scored = 0;
        for (int i = 0; i < count; i++)
        {
            ref readonly PendingWindow item = ref batch.Items[i];
            if (skip is not null && skip.Contains(item.Ticket.Source.TopicPartition))
            {
                continue;
            }

            WindowResult result = batch.Results[i];
            if (result.Refused || !double.IsFinite(result.Score))
            {
                // Valid JSON the model cannot score (too many gaps to impute, non-finite score): a dead letter, never lost.
                string why = result.Refused ? $"refused by model {model.Version}: {result.RefusalReason}" : "the model produced a non-finite score";
                DeadLetterReason reason = result.RefusalReason?.Contains("Missing", StringComparison.OrdinalIgnoreCase) == true
                    ? DeadLetterReason.TooManyMissing
                    : DeadLetterReason.ProcessingError;
                DeadLetter(item.Original, item.Ticket, reason, why, null, cancellationToken);
                continue;
            }

            if (raised > result.Threshold)
            {
                result = result with { Threshold = raised, Anomalous = result.Anomalous && result.Score > raised };
            }

            scored++;
            _telemetry.RecordWindowScore(batch.ModelKey, result.Score, result.Anomalous);
            ReadOnlySpan<float> code = latent == 0 ? [] : batch.Latent.AsSpan(i * latent, latent);
            PublishScore(item, batch.ModelKey, result.Imputed ? ScoreStatus.Imputed : ScoreStatus.Scored, result.Score, result.Threshold,
                result.Anomalous, result.Severity, model.Version, code, cancellationToken);
            AlertTransition transition = _alerts.Observe(item.SensorId, batch.ModelKey, item.Ticket.Source,
                new WindowVerdict(item.StartMs, item.EndMs, result.Anomalous, result.Score, result.Threshold, Math.Clamp(result.Severity, 0, 100)),
                out bool alertStateChanged);
            if (transition.IsPublishable)
            {
                PublishAlert(item, batch, i, model, transition, cancellationToken);
            }

            if (transition.AlertId is not null)
            {
                RememberAlert(item.SensorId, batch.ModelKey, model.Version, transition); // only while an alert is open
            }

            if (alertStateChanged)
            {
                CheckpointAlertState(item.SensorId, item.Ticket, cancellationToken);
            }

            ForwardSample(item, batch, i, result, model.Version, transition);

            _publisher.Seal(item.Ticket);
        }

        _progress.Stages.AddPublish(publishing);
        _progress.AddScored(scored);
        _telemetry.RecordWindowsScored(batch.ModelKey, scored);
        _telemetry.RecordBatch(batch.ModelKey, count, Stopwatch.GetElapsedTime(started));
        batch.Clear();
    }

    private void PublishAlert(in PendingWindow item, PendingBatch batch, int index, IScoringModel model, in AlertTransition transition,
        CancellationToken cancellationToken)
    {
        string? traceId = TraceIdOf(item.TraceParent) ?? Activity.Current?.TraceId.ToHexString();
        byte[] value = _alertEncoder.Encode(transition, new AlertContext(item.SensorId, batch.ModelKey, model.Version, traceId),
            batch.Contributions.AsSpan(index * batch.Features, batch.Features), model.FeatureNames);
        _publisher.Publish(new OutputRecord(_topics.Alerts, Keyed(item, value), item.Ticket, OutputKind.Alert), cancellationToken);
        if (transition.Kind == AlertTransitionKind.Open)
        {
            _progress.AddAlertOpened();
            _telemetry.RecordAlertOpened(batch.ModelKey);
        }
        else if (transition.Kind == AlertTransitionKind.Resolved)
        {
            _progress.AddAlertResolved();
            _telemetry.RecordAlertResolved(batch.ModelKey);
        }

        LogAlert(_logger, transition.Kind.ToString(), item.SensorId, batch.ModelKey, transition.AlertId ?? "", transition.Severity);
        _progress.RaiseAlert(item.SensorId, batch.ModelKey, transition);
    }

    private static string? TraceIdOf(string? traceParent)
    {
        // traceparent = version "-" trace-id (32 hex) "-" parent-id (16 hex) "-" flags
        if (traceParent is { Length: >= 55 } && traceParent[2] == '-' && traceParent[35] == '-')
        {
            return traceParent.Substring(3, 32);
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dead letter for {Source}: {Reason} ({Detail})")]
    private static partial void LogDeadLetter(ILogger logger, string source, string reason, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error processing {Source}; dead-lettered as processing-error")]
    private static partial void LogProcessingError(ILogger logger, string source, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {Kind} for sensor '{SensorId}' (model '{ModelKey}', id {AlertId}, severity {Severity})")]
    private static partial void LogAlert(ILogger logger, string kind, string sensorId, string modelKey, string alertId, int severity);
}
