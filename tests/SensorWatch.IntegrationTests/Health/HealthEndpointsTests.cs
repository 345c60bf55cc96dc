using System.Net;
using System.Text.Json;
using SensorWatch.IntegrationTests.Telemetry;

namespace SensorWatch.IntegrationTests.Health;

/// <summary>The probes over real HTTP on 127.0.0.1, one state per test.</summary>
public sealed class HealthEndpointsTests
{
    [Fact]
    public async Task Health_Starting_Returns503WithReasons()
    {
        await using TelemetryTestHost host = await TelemetryTestHost.StartAsync();

        (HttpStatusCode status, JsonElement body) = await GetAsync(host, "/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("not_ready", body.GetProperty("status").GetString());
        Assert.Equal(3, body.GetProperty("reasons").GetArrayLength());
    }

    [Fact]
    public async Task Alive_Starting_Returns200()
    {
        await using TelemetryTestHost host = await TelemetryTestHost.StartAsync();

        (HttpStatusCode status, JsonElement body) = await GetAsync(host, "/alive");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("alive", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_Probation_Returns200NamingTheProbationKey()
    {
        await using TelemetryTestHost host = await TelemetryTestHost.StartAsync();
        host.Health.MarkAwaitingAssignment();
        host.Health.SetModelProbation("pump");
        host.Health.SetKafkaReachable();

        (HttpStatusCode status, JsonElement body) = await GetAsync(host, "/health");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ready", body.GetProperty("status").GetString());
        Assert.Contains(body.GetProperty("checks").EnumerateArray(), c => c.GetProperty("detail").GetString() == "pump in probation");
    }

    [Fact]
    public async Task Health_Ready_Returns200WithNoReasons()
    {
        await using TelemetryTestHost host = await TelemetryTestHost.StartAsync();
        host.Health.SetAssignedPartitions(2);
        host.Health.SetModelLoaded("pump", 5);
        host.Health.SetKafkaReachable();

        (HttpStatusCode status, JsonElement body) = await GetAsync(host, "/health");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, body.GetProperty("reasons").GetArrayLength());
        Assert.Contains(body.GetProperty("checks").EnumerateArray(), c => c.GetProperty("detail").GetString() == "pump v5 loaded");
    }

    [Fact]
    public async Task Health_KafkaDown_Returns503NamingKafka()
    {
        await using TelemetryTestHost host = await TelemetryTestHost.StartAsync();
        host.Health.SetAssignedPartitions(2);
        host.Health.SetModelLoaded("pump", 5);
        host.Health.SetKafkaReachable();
        host.Health.SetKafkaUnreachable("all brokers down: Local_AllBrokersDown");

        (HttpStatusCode status, JsonElement body) = await GetAsync(host, "/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("kafka: all brokers down: Local_AllBrokersDown", Assert.Single(body.GetProperty("reasons").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task Alive_StalledLoop_Returns503NamingTheLoop()
    {
        ManualTimeProvider clock = new();
        await using TelemetryTestHost host = await TelemetryTestHost.StartAsync(clock);
        host.Health.RegisterLoop("consume");
        clock.Advance(TimeSpan.FromSeconds(45));

        (HttpStatusCode status, JsonElement body) = await GetAsync(host, "/alive");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("stalled", body.GetProperty("status").GetString());
        Assert.Contains("loop consume", Assert.Single(body.GetProperty("reasons").EnumerateArray()).GetString(), StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(TelemetryTestHost host, string path)
    {
        using HttpResponseMessage response = await host.Http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using JsonDocument document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, document.RootElement.Clone());
    }
}
