namespace SensorWatch.Kafka.Messages;

/// <summary>What the alert message adds to an <see cref="Core.Alerting.AlertTransition"/>: who, which model, and the trace.</summary>
/// <param name="SensorId">The sensor (also the record key).</param>
/// <param name="Model">The model key.</param>
/// <param name="ModelVersion">The model version that scored the window.</param>
/// <param name="TraceId">The W3C trace id continued from the input's traceparent, or null.</param>
internal readonly record struct AlertContext(string SensorId, string Model, string ModelVersion, string? TraceId);
