using System.Text;
using SensorWatch.Core.Alerting;
using SensorWatch.Roles.Scorer.State;

namespace SensorWatch.IntegrationTests.Worker;

public sealed class AlertCheckpointCodecTests
{
    [Fact]
    public void Encode_OpenMutedState_DecodesFieldForField()
    {
        AlertState state = new()
        {
            LastWindowEndMs = 1_764_000_000_000, AnomalousRun = 1, NormalRun = 2, RunStartMs = 1_763_999_000_000,
            OpenAlertId = "0123456789abcdef0123456789abcdef", OpenedAtMs = 1_763_999_500_000, LastSentSeverity = 40, PeakSeverity = 70, Muted = true,
        };
        AlertCheckpoint checkpoint = new("pump-1", "pump", "sensor.windows", 3, state, 42);

        Assert.True(AlertCheckpointCodec.TryDecode("pump-1", AlertCheckpointCodec.Encode(checkpoint), out AlertCheckpoint? decoded, out string? problem), problem);
        Assert.Equal(("pump-1", "pump", "sensor.windows", 3, 42L), (decoded!.SensorId, decoded.Model, decoded.Topic, decoded.Partition, decoded.UpdatedAtMs));
        Assert.Equivalent(state, decoded.State, strict: true);
    }

    [Fact]
    public void Encode_WithThresholdRaise_RaiseRoundTripsAndIsOptional()
    {
        AlertCheckpoint raised = new("s", "pump", "t", 0, new AlertState(), 1, "pump-r3", 4.25);

        Assert.True(AlertCheckpointCodec.TryDecode("s", AlertCheckpointCodec.Encode(raised), out AlertCheckpoint? decoded, out string? problem), problem);
        Assert.Equal(("pump-r3", 4.25), (decoded!.RaiseVersion, decoded.RaiseThreshold));
        Assert.True(AlertCheckpointCodec.TryDecode("s", AlertCheckpointCodec.Encode(raised with { RaiseVersion = null }), out decoded, out problem), problem);
        Assert.Null(decoded!.RaiseVersion);
        Assert.True(double.IsNaN(decoded.RaiseThreshold));
        Assert.DoesNotContain("raise", Encoding.UTF8.GetString(AlertCheckpointCodec.Encode(raised with { RaiseVersion = null })), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"version\":\"v\",\"threshold\":0}")]
    [InlineData("{\"version\":null,\"threshold\":2}")]
    [InlineData("{\"threshold\":2}")]
    public void TryDecode_BadRaise_RefusedWithReason(string raise)
    {
        string json = Encoding.UTF8.GetString(AlertCheckpointCodec.Encode(new AlertCheckpoint("s", "m", "t", 0, new AlertState(), 1)));
        json = json[..^1] + ",\"raise\":" + raise + "}";

        Assert.False(AlertCheckpointCodec.TryDecode("s", Encoding.UTF8.GetBytes(json), out AlertCheckpoint? decoded, out string? problem));
        Assert.Null(decoded);
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Fact]
    public void Encode_ClosedState_KeepsNullAlertId()
    {
        AlertCheckpoint checkpoint = new("s", "m", "t", 0, new AlertState(), 1);

        Assert.True(AlertCheckpointCodec.TryDecode("s", AlertCheckpointCodec.Encode(checkpoint), out AlertCheckpoint? decoded, out _));
        Assert.Null(decoded!.State.OpenAlertId);
        Assert.Equal(long.MinValue, decoded.State.LastWindowEndMs);
    }

    [Theory]
    [InlineData("not json", "unreadable")]
    [InlineData("{\"v\":2}", "version-1")]
    [InlineData("[1,2]", "version-1")]
    [InlineData("{\"v\":1,\"sensorId\":\"other\"}", "differs from the key")]
    [InlineData("{\"v\":1,\"sensorId\":\"s\",\"model\":\"m\"}", "unreadable")]
    public void TryDecode_NotACheckpoint_RefusedWithReason(string json, string expected)
    {
        Assert.False(AlertCheckpointCodec.TryDecode("s", Encoding.UTF8.GetBytes(json), out AlertCheckpoint? decoded, out string? problem));
        Assert.Null(decoded);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_NegativeCounter_Refused()
    {
        string json = Encoding.UTF8.GetString(AlertCheckpointCodec.Encode(new AlertCheckpoint("s", "m", "t", 0, new AlertState(), 1)))
            .Replace("\"anomalousRun\":0", "\"anomalousRun\":-3", StringComparison.Ordinal);

        Assert.False(AlertCheckpointCodec.TryDecode("s", Encoding.UTF8.GetBytes(json), out _, out string? problem));
        Assert.Contains("out of range", problem, StringComparison.Ordinal);
    }
}
