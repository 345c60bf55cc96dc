using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using SensorWatch.Telemetry;

namespace SensorWatch.IntegrationTests.Telemetry;

public sealed class TraceContextTests : IDisposable
{
    private const string ProducerTraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string ProducerSpanId = "00f067aa0ba902b7";

    private readonly SensorWatchTelemetry _telemetry = new($"SensorWatch.Test.{Guid.NewGuid():N}");
    private readonly ActivityListener _listener;
    private readonly List<Activity> _stopped = [];

    public TraceContextTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => ReferenceEquals(source, _telemetry.ActivitySource),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (_stopped) { _stopped.Add(activity); } },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public void StartProcessActivity_TraceparentHeader_ContinuesProducerTraceWithMessagingAttributes()
    {
        Headers headers = [new Header("traceparent", Encoding.UTF8.GetBytes($"00-{ProducerTraceId}-{ProducerSpanId}-01"))];

        using Activity? activity = _telemetry.StartProcessActivity("sensor.windows", 3, 1234, "sensorwatch-scorer", headers);

        Assert.NotNull(activity);
        Assert.Equal(ProducerTraceId, activity.TraceId.ToHexString());
        Assert.Equal(ProducerSpanId, activity.ParentSpanId.ToHexString());
        Assert.Equal(ActivityKind.Consumer, activity.Kind);
        Assert.Equal("process sensor.windows", activity.DisplayName);
        Assert.Equal("kafka", activity.GetTagItem("messaging.system"));
        Assert.Equal("sensor.windows", activity.GetTagItem("messaging.destination.name"));
        Assert.Equal("3", activity.GetTagItem("messaging.destination.partition.id"));
        Assert.Equal(1234L, activity.GetTagItem("messaging.kafka.message.offset"));
        Assert.Equal(1234L, activity.GetTagItem("messaging.kafka.offset"));
        Assert.Equal("sensorwatch-scorer", activity.GetTagItem("messaging.consumer.group.name"));
        Assert.Equal("process", activity.GetTagItem("messaging.operation.type"));
    }

    [Fact]
    public void StartSendActivity_UnderProcessActivity_CarriesProducerTraceIdIntoAlertHeadersAndField()
    {
        Headers consumed = [new Header("traceparent", Encoding.UTF8.GetBytes($"00-{ProducerTraceId}-{ProducerSpanId}-01"))];
        Headers alertHeaders = [];
        string? alertTraceId;

        using (Activity? process = _telemetry.StartProcessActivity("sensor.windows", 0, 1, "g", consumed))
        {
            using Activity? send = _telemetry.StartSendActivity("sensor.alerts", alertHeaders);
            alertTraceId = SensorWatchTelemetry.CurrentTraceId();
            Assert.Equal(process?.SpanId, send?.ParentSpanId);
        }

        Assert.Equal(ProducerTraceId, alertTraceId);
        Assert.True(alertHeaders.TryGetLastBytes("traceparent", out byte[] raw));
        string traceparent = Encoding.UTF8.GetString(raw);
        Assert.StartsWith($"00-{ProducerTraceId}-", traceparent, StringComparison.Ordinal);
        Assert.Equal(ProducerTraceId, TraceContextHeaders.Extract(alertHeaders).TraceId.ToHexString());
        Assert.Equal(2, _stopped.Count);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("00-00000000000000000000000000000000-00f067aa0ba902b7-01")]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")]
    public void StartProcessActivity_MalformedTraceparent_StartsFreshTrace(string value)
    {
        Headers headers = [new Header("traceparent", Encoding.UTF8.GetBytes(value))];

        using Activity? activity = _telemetry.StartProcessActivity("sensor.windows", 0, 0, "g", headers);

        Assert.NotNull(activity);
        Assert.Equal(default, activity.ParentSpanId);
        Assert.NotEqual(ProducerTraceId, activity.TraceId.ToHexString());
    }

    [Fact]
    public void Inject_ExistingTraceparent_IsReplacedNotDuplicated()
    {
        Headers headers = [new Header("traceparent", Encoding.UTF8.GetBytes("00-11111111111111111111111111111111-2222222222222222-01"))];
        using Activity? activity = _telemetry.StartProcessActivity("t", 0, 0, "g", null);

        TraceContextHeaders.Inject(activity, headers);

        Assert.Single(headers, h => h.Key == "traceparent");
        Assert.Equal(activity?.TraceId, TraceContextHeaders.Extract(headers).TraceId);
    }

    [Fact]
    public void StartProcessActivity_NobodyListening_ReturnsNull()
    {
        using SensorWatchTelemetry unheard = new($"SensorWatch.Unheard.{Guid.NewGuid():N}");

        using Activity? activity = unheard.StartProcessActivity("t", 0, 0, "g", null);

        Assert.Null(activity);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _telemetry.Dispose();
    }
}
