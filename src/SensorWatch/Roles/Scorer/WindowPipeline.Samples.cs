using SensorWatch.Core.Alerting;

namespace SensorWatch.Roles.Scorer;

/// <summary>Forwarding scored windows and alert transitions to the samples topic for the trainer (best effort).</summary>
internal sealed partial class WindowPipeline
{
    /// <summary>The samples forwarder (owned by the caller); null = do not forward (<c>Worker:PublishSamples=false</c>).</summary>
    public SampleForwarder? Samples { get; init; }

    private void ForwardSample(in PendingWindow item, PendingBatch batch, int index, in WindowResult result, string modelVersion,
        in AlertTransition transition)
    {
        int size = batch.WindowLength * batch.Features;
        // windows (B, T, D) → this window's (T, D)
        Samples?.Forward(item.SensorId, batch.ModelKey, item.StartMs, item.EndMs, batch.Windows.AsSpan(index * size, size), batch.WindowLength,
            batch.Features, result, modelVersion, item.Ticket.Source, transition);
    }
}
