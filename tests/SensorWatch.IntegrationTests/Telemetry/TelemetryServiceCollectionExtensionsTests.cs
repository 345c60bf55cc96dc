using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SensorWatch.Telemetry;

namespace SensorWatch.IntegrationTests.Telemetry;

public sealed class TelemetryServiceCollectionExtensionsTests
{
    [Fact]
    public async Task StartAsync_InvalidPort_FailsAtStartNamingTheField()
    {
        OptionsValidationException error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TelemetryTestHost.StartAsync(settings: new Dictionary<string, string?> { ["SensorWatch:Telemetry:Port"] = "-5" }));

        Assert.Contains("Port -5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ShortTelemetrySection_WinsOverTheLongOne()
    {
        OptionsValidationException error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TelemetryTestHost.StartAsync(settings: new Dictionary<string, string?> { ["Telemetry:Port"] = "-7" }));

        Assert.Contains("Telemetry:Port -7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSensorWatchTelemetry_CalledTwice_RegistersOneServer()
    {
        ServiceCollection services = new();
        IConfiguration configuration = new ConfigurationBuilder().Build();

        services.AddSensorWatchTelemetry(configuration);
        int once = services.Count;
        services.AddSensorWatchTelemetry(configuration);

        Assert.Equal(once, services.Count);
        Assert.Single(services, d => d.ServiceType == typeof(TelemetryWebServer));
    }
}
