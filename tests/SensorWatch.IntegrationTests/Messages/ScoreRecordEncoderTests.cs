using System.Text.Json;
using SensorWatch.Kafka.Messages;

namespace SensorWatch.IntegrationTests.Messages;

public sealed class ScoreRecordEncoderTests
{
    private static readonly long s_start = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public void Encode_ScoredWindowWithLatent_WritesEveryField()
    {
        ScoreRecordFields fields = new("pump-1", "pump", s_start, s_start + 4000, 0.75, 1.5, false, 12, "v3", ScoreStatus.Scored, "w-1", "sensor.windows", 2, 99);
        using JsonDocument document = JsonDocument.Parse(new ScoreRecordEncoder().Encode(fields, [0.5f, -1f, float.NaN]));
        JsonElement root = document.RootElement;

        Assert.Equal("pump-1", root.GetProperty("sensorId").GetString());
        Assert.Equal("pump", root.GetProperty("model").GetString());
        Assert.Equal("2026-11-22T10:00:00.000Z", root.GetProperty("windowStart").GetString());
        Assert.Equal("2026-11-22T10:00:04.000Z", root.GetProperty("windowEnd").GetString());
        Assert.Equal(0.75, root.GetProperty("score").GetDouble());
        Assert.Equal(1.5, root.GetProperty("threshold").GetDouble());
        Assert.False(root.GetProperty("anomalous").GetBoolean());
        Assert.Equal(12, root.GetProperty("severity").GetInt32());
        Assert.Equal("v3", root.GetProperty("modelVersion").GetString());
        Assert.Equal("scored", root.GetProperty("status").GetString());
        Assert.Equal("w-1", root.GetProperty("windowId").GetString());
        Assert.Equal("sensor.windows", root.GetProperty("source").GetProperty("topic").GetString());
        Assert.Equal(2, root.GetProperty("source").GetProperty("partition").GetInt32());
        Assert.Equal(99, root.GetProperty("source").GetProperty("offset").GetInt64());
        JsonElement latent = root.GetProperty("latent");
        Assert.Equal(0.5, latent[0].GetDouble());
        Assert.Equal(-1, latent[1].GetDouble());
        Assert.Equal(JsonValueKind.Null, latent[2].ValueKind);
    }

    [Fact]
    public void Encode_ProbationWindow_HasNullScoreAndNoLatent()
    {
        ScoreRecordFields fields = new("s", "m", s_start, s_start + 1, double.NaN, double.NaN, false, 0, null, ScoreStatus.Probation, null, "t", 0, 0);
        using JsonDocument document = JsonDocument.Parse(new ScoreRecordEncoder().Encode(fields));
        JsonElement root = document.RootElement;

        Assert.Equal("probation", root.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("score").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("modelVersion").ValueKind);
        Assert.False(root.TryGetProperty("latent", out _));
    }

    [Fact]
    public void Encode_ImputedStatus_IsNamed()
    {
        ScoreRecordFields fields = new("s", "m", s_start, s_start + 1, 1, 2, false, 0, "v", ScoreStatus.Imputed, null, "t", 0, 0);
        Assert.Equal("imputed", JsonDocument.Parse(new ScoreRecordEncoder().Encode(fields)).RootElement.GetProperty("status").GetString());
    }
}
