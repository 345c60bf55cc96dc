using System.Diagnostics;
using Confluent.Kafka;

namespace SensorWatch.Telemetry;

/// <summary>Spans: continue the producer's trace into the worker and carry it into produced alerts.</summary>
internal sealed partial class SensorWatchTelemetry
{
    /// <summary>
    /// Starts the consumer span for one message (<c>process {topic}</c>, kind Consumer) as a child of the
    /// producer's <c>traceparent</c> header when present, with messaging semantic-convention attributes.
    /// Returns null when nobody listens. Dispose it when the message's work (scoring, publishing) is done.
    /// </summary>
    public Activity? StartProcessActivity(string topic, int partition, long offset, string consumerGroup, Headers? headers)
    {
        ActivityContext parent = TraceContextHeaders.Extract(headers);
        Activity? activity = ActivitySource.StartActivity($"process {topic}", ActivityKind.Consumer, parent);
        if (activity is not null && activity.IsAllDataRequested)
        {
            activity.SetTag(TelemetryTags.MessagingSystem, TelemetryTags.Kafka);
            activity.SetTag(TelemetryTags.OperationType, "process");
            activity.SetTag(TelemetryTags.OperationName, "process");
            activity.SetTag(TelemetryTags.DestinationName, topic);
            activity.SetTag(TelemetryTags.PartitionId, PartitionText(partition));
            activity.SetTag(TelemetryTags.KafkaOffset, offset);
            activity.SetTag(TelemetryTags.KafkaMessageOffset, offset);
            activity.SetTag(TelemetryTags.ConsumerGroup, consumerGroup);
        }

        return activity;
    }

    /// <summary>
    /// Starts the producer span for a message about to be sent (<c>send {topic}</c>, kind Producer) under the
    /// current span, and writes its trace context into <paramref name="headers"/>. Without listeners the current
    /// span's context (if any) is still injected so the trace id travels on.
    /// </summary>
    public Activity? StartSendActivity(string topic, Headers headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        Activity? activity = ActivitySource.StartActivity($"send {topic}", ActivityKind.Producer);
        if (activity is not null && activity.IsAllDataRequested)
        {
            activity.SetTag(TelemetryTags.MessagingSystem, TelemetryTags.Kafka);
            activity.SetTag(TelemetryTags.OperationType, "send");
            activity.SetTag(TelemetryTags.OperationName, "send");
            activity.SetTag(TelemetryTags.DestinationName, topic);
        }

        TraceContextHeaders.Inject(activity ?? Activity.Current, headers);
        return activity;
    }

    /// <summary>Starts an internal span around one retraining of <paramref name="modelKey"/>.</summary>
    public Activity? StartRetrainActivity(string modelKey)
    {
        Activity? activity = ActivitySource.StartActivity("retrain", ActivityKind.Internal);
        activity?.SetTag(TelemetryTags.ModelKey, modelKey);
        return activity;
    }

    /// <summary>The 32-hex-digit trace id to put into an alert's <c>traceId</c> field, or null without a span.</summary>
    public static string? TraceIdOf(Activity? activity) => activity?.TraceId.ToHexString();

    /// <summary>The trace id of <see cref="Activity.Current"/>, or null.</summary>
    public static string? CurrentTraceId() => TraceIdOf(Activity.Current);

    /// <summary>Adds an exception event and error status to a span (the worker still decides what to do).</summary>
    public static void RecordError(Activity? activity, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (activity is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity.SetTag(TelemetryTags.ErrorType, exception.GetType().FullName);
        activity.AddEvent(new ActivityEvent("exception", tags: new ActivityTagsCollection
        {
            { "exception.type", exception.GetType().FullName },
            { "exception.message", exception.Message },
        }));
    }
}
