using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;

namespace SensorWatch.Telemetry;

/// <summary>
/// W3C trace context (<c>traceparent</c>, <c>tracestate</c>) carried in Kafka message headers: read from
/// consumed messages, written into produced ones. Malformed headers are ignored (a fresh trace starts).
/// </summary>
internal static class TraceContextHeaders
{
    /// <summary>The W3C header carrying version, trace id, parent span id and flags.</summary>
    public const string TraceParent = "traceparent";

    /// <summary>The W3C header carrying vendor state.</summary>
    public const string TraceState = "tracestate";

    private static readonly TraceContextPropagator s_propagator = new();

    /// <summary>The remote parent named by the headers, or <c>default</c> when absent or malformed.</summary>
    public static ActivityContext Extract(Headers? headers)
    {
        if (headers is null || headers.Count == 0)
        {
            return default;
        }

        PropagationContext context = s_propagator.Extract(default, headers, static (carrier, key) =>
            carrier.TryGetLastBytes(key, out byte[] value) && value is not null ? [Encoding.UTF8.GetString(value)] : []);
        return context.ActivityContext;
    }

    /// <summary>Writes the context of <paramref name="activity"/> into <paramref name="headers"/>, replacing old values.</summary>
    public static void Inject(Activity? activity, Headers headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (activity is null)
        {
            return;
        }

        s_propagator.Inject(new PropagationContext(activity.Context, Baggage.Current), headers, static (carrier, key, value) =>
        {
            carrier.Remove(key);
            carrier.Add(key, Encoding.UTF8.GetBytes(value));
        });
    }
}
