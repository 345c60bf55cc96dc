using System.Diagnostics;
using Confluent.Kafka;
using SensorWatch.Kafka.Messages;

namespace SensorWatch.Roles.Scorer;

/// <summary>
/// Scoring a full batch in the background (<c>Scorer:ScoreInBackground</c>, off by default; <see cref="BackgroundScorer"/>,
/// one dedicated thread) while the loop thread polls and decodes the next windows into a second buffer of the same key. At most one batch is in flight; its verdicts are
/// published on the loop thread, before any other batch is scored and before every flush, drop or reset, so outputs,
/// alert transitions and offsets keep the order of the synchronous path: a batch scored in the background is published
/// exactly as if it had been scored when it filled, only later. A scoring failure dead-letters the batch's windows
/// (processing-error), never loses them.
/// </summary>
internal sealed partial class WindowPipeline
{
    private readonly Dictionary<string, PendingBatch> _spares = new(StringComparer.Ordinal);
    private InFlightBatch? _inFlight;
    private BackgroundScorer? _background;

    /// <summary>True while a batch is being scored in the background (the loop should come back soon to publish it).</summary>
    public bool ScoringInBackground => _inFlight is not null;

    /// <summary>Starts scoring the full <paramref name="batch"/> on the thread pool and gives its key an empty buffer.</summary>
    private void ScoreInBackground(ModelSlot slot, PendingBatch batch, CancellationToken cancellationToken)
    {
        CompleteInFlight(null, cancellationToken);   // one in flight: the previous batch is published first (order)
        IScoringModel model = slot.Model!;
        IBatchScorer scorer = slot.Scorer!;
        _background ??= new BackgroundScorer();
        _background.Start(scorer, batch);
        _inFlight = new InFlightBatch(batch, model, Stopwatch.GetTimestamp());
        if (!_spares.Remove(batch.ModelKey, out PendingBatch? spare)
            || spare.WindowLength != batch.WindowLength || spare.Features != batch.Features || spare.LatentSize != batch.LatentSize)
        {
            spare = new PendingBatch(batch.ModelKey, batch.Capacity, batch.WindowLength, batch.Features, batch.LatentSize);
        }

        _batches[batch.ModelKey] = spare;
    }

    /// <summary>Publishes the in-flight batch when its scoring has finished (no wait).</summary>
    private void PublishIfScored(CancellationToken cancellationToken)
    {
        if (_inFlight is not null && _background!.IsCompleted)
        {
            CompleteInFlight(null, cancellationToken);
        }
    }

    /// <summary>
    /// Waits for the in-flight batch and publishes its verdicts (windows of <paramref name="skip"/> left out); its buffer
    /// becomes its key's spare. Nothing in flight: nothing to do.
    /// </summary>
    private void CompleteInFlight(IReadOnlyCollection<TopicPartition>? skip, CancellationToken cancellationToken)
    {
        if (_inFlight is not { } flight)
        {
            return;
        }

        _inFlight = null;
        long waiting = Stopwatch.GetTimestamp();
        try
        {
            _background!.Wait();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            DeadLetterBatch(flight.Batch, skip, exception, cancellationToken);
            Recycle(flight.Batch);
            return;
        }

        _progress.Stages.AddScore(waiting);   // the loop's share of scoring: the time it had to wait for the batch
        PublishResults(flight.Batch, flight.Model, flight.Started, skip, cancellationToken);
        Recycle(flight.Batch);
    }

    /// <summary>Exactly-once abort: waits for the in-flight batch and forgets it unpublished (every partition is rewound).</summary>
    private void DiscardInFlight()
    {
        if (_inFlight is not { } flight)
        {
            return;
        }

        _inFlight = null;
        try
        {
            _background!.Wait();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogProcessingError(_logger, $"discarded batch of model '{flight.Batch.ModelKey}'", exception);
        }

        Recycle(flight.Batch);
    }

    /// <summary>The model failed on a batch: every window is answered by a dead letter (processing-error, never lost) and the loop goes on.</summary>
    private void DeadLetterBatch(PendingBatch batch, IReadOnlyCollection<TopicPartition>? skip, Exception exception, CancellationToken cancellationToken)
    {
        LogProcessingError(_logger, $"batch of {batch.Count} windows of model '{batch.ModelKey}'", exception);
        for (int i = 0; i < batch.Count; i++)
        {
            ref readonly PendingWindow item = ref batch.Items[i];
            if (skip is null || !skip.Contains(item.Ticket.Source.TopicPartition))
            {
                DeadLetter(item.Original, item.Ticket, DeadLetterReason.ProcessingError, $"scoring failed: {exception.Message}", exception, cancellationToken);
            }
        }
    }

    private void Recycle(PendingBatch batch)
    {
        batch.Clear();
        _spares[batch.ModelKey] = batch;
    }

    /// <summary>The batch being scored, the model it is scored with and when scoring started.</summary>
    private sealed record InFlightBatch(PendingBatch Batch, IScoringModel Model, long Started);
}
