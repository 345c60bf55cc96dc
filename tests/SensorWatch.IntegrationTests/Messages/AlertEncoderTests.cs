using System.Text.Json;
using SensorWatch.Core.Alerting;
using SensorWatch.Kafka.Messages;

namespace SensorWatch.IntegrationTests.Messages;

public sealed class AlertEncoderTests
{
    private static readonly long s_start = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public void Encode_OpenAlert_WritesEveryContractField()
    {
        AlertTransition open = new(AlertTransitionKind.Open, "abc123", s_start, s_start + 64_000, 2.5, 1.25, 77, s_start + 64_000);
        byte[] json = new AlertEncoder(topFeatures: 2).Encode(open, new AlertContext("pump-1", "pump", "v7", "0af7651916cd43dd8448eb211c80319c"),
            [1f, 6f, 3f, 0f], ["temp", "pressure", "flow", "vibration"]);

        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        Assert.Equal("abc123", root.GetProperty("alertId").GetString());
        Assert.Equal("pump-1", root.GetProperty("sensorId").GetString());
        Assert.Equal("pump", root.GetProperty("model").GetString());
        Assert.Equal("v7", root.GetProperty("modelVersion").GetString());
        Assert.Equal("open", root.GetProperty("state").GetString());
        Assert.Equal("2026-11-22T10:00:00.000Z", root.GetProperty("windowStart").GetString());
        Assert.Equal("2026-11-22T10:01:04.000Z", root.GetProperty("windowEnd").GetString());
        Assert.Equal(2.5, root.GetProperty("score").GetDouble());
        Assert.Equal(1.25, root.GetProperty("threshold").GetDouble());
        Assert.Equal(77, root.GetProperty("severity").GetInt32());
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", root.GetProperty("traceId").GetString());
        Assert.Equal("2026-11-22T10:01:04.000Z", root.GetProperty("openedAt").GetString());
        JsonElement top = root.GetProperty("topFeatures");
        Assert.Equal(2, top.GetArrayLength());
        Assert.Equal("pressure", top[0].GetProperty("feature").GetString());
        Assert.Equal(0.6, top[0].GetProperty("share").GetDouble(), 4);
        Assert.Equal("flow", top[1].GetProperty("feature").GetString());
        Assert.Equal(0.3, top[1].GetProperty("share").GetDouble(), 4);
        Assert.False(root.TryGetProperty("resolvedBy", out _));
    }

    [Fact]
    public void Encode_MaintenanceResolveWithoutContributions_WritesEmptyTopAndResolvedBy()
    {
        AlertTransition resolved = new(AlertTransitionKind.Resolved, "id", s_start, s_start + 1000, double.NaN, double.PositiveInfinity, 40, s_start, ByMaintenance: true);
        using JsonDocument document = JsonDocument.Parse(new AlertEncoder().Encode(resolved, new AlertContext("s", "m", "v1", null), default, null));
        JsonElement root = document.RootElement;

        Assert.Equal("resolved", root.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("score").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("threshold").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("traceId").ValueKind);
        Assert.Equal(0, root.GetProperty("topFeatures").GetArrayLength());
        Assert.Equal("maintenance", root.GetProperty("resolvedBy").GetString());
    }

    [Fact]
    public void Encode_UnnamedFeaturesAndBadContributions_UsesIndexNamesAndIgnoresNonFinite()
    {
        AlertTransition update = new(AlertTransitionKind.Update, "id", s_start, s_start + 1000, 3, 1, 90, s_start);
        using JsonDocument document = JsonDocument.Parse(new AlertEncoder(5).Encode(update, new AlertContext("s", "m", "v1", null), [float.NaN, -2f, 4f], null));
        JsonElement top = document.RootElement.GetProperty("topFeatures");

        Assert.Equal(1, top.GetArrayLength());
        Assert.Equal("f2", top[0].GetProperty("feature").GetString());
        Assert.Equal(1.0, top[0].GetProperty("share").GetDouble());
    }

    [Fact]
    public void Encode_NonPublishableTransition_Throws()
    {
        AlertTransition none = new(AlertTransitionKind.None, null, 0, 1, 0, 0, 0, 0);
        Assert.Throws<ArgumentException>(() => new AlertEncoder().Encode(none, new AlertContext("s", "m", "v", null), default, null));
    }

    [Fact]
    public void Encode_ReusedEncoder_ProducesIndependentMessages()
    {
        AlertEncoder encoder = new();
        AlertTransition a = new(AlertTransitionKind.Open, "a", s_start, s_start + 1000, 2, 1, 50, s_start);
        byte[] first = encoder.Encode(a, new AlertContext("sensor-with-a-long-name", "m", "v", null), default, null);
        byte[] second = encoder.Encode(a with { AlertId = "b" }, new AlertContext("s", "m", "v", null), default, null);

        Assert.Equal("sensor-with-a-long-name", JsonDocument.Parse(first).RootElement.GetProperty("sensorId").GetString());
        Assert.Equal("b", JsonDocument.Parse(second).RootElement.GetProperty("alertId").GetString());
    }
}
