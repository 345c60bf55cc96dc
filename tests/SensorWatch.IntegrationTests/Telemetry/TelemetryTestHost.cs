using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SensorWatch.Health;
using SensorWatch.Telemetry;

namespace SensorWatch.IntegrationTests.Telemetry;

/// <summary>
/// A generic host with only the telemetry registration, its endpoints bound to 127.0.0.1 on a free port and
/// a meter name unique to the test (so parallel tests never see each other's measurements).
/// </summary>
internal sealed class TelemetryTestHost : IAsyncDisposable
{
    private readonly IHost _host;

    private TelemetryTestHost(IHost host, Uri address)
    {
        _host = host;
        Address = address;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public SensorWatchTelemetry Telemetry => _host.Services.GetRequiredService<SensorWatchTelemetry>();

    public HealthState Health => _host.Services.GetRequiredService<HealthState>();

    public static async Task<TelemetryTestHost> StartAsync(TimeProvider? timeProvider = null, IDictionary<string, string?>? settings = null)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        Dictionary<string, string?> values = new()
        {
            ["SensorWatch:Telemetry:BindAddress"] = "127.0.0.1",
            ["SensorWatch:Telemetry:Port"] = "0",
            ["SensorWatch:Telemetry:LivenessBudgetSeconds"] = "30",
        };
        foreach (KeyValuePair<string, string?> pair in settings ?? new Dictionary<string, string?>())
        {
            values[pair.Key] = pair.Value;
        }

        builder.Configuration.AddInMemoryCollection(values);
        if (timeProvider is not null)
        {
            builder.Services.AddSingleton(timeProvider);
        }

        builder.Services.AddSensorWatchTelemetry(builder.Configuration, $"SensorWatch.Test.{Guid.NewGuid():N}");
        IHost host = builder.Build();
        await host.StartAsync();
        Uri address = host.Services.GetRequiredService<TelemetryWebServer>().Address
            ?? throw new InvalidOperationException("telemetry web server did not report its address");
        return new TelemetryTestHost(host, address);
    }

    public async Task<string> ScrapeAsync()
    {
        using HttpResponseMessage response = await Http.GetAsync(new Uri("/metrics", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _host.StopAsync();
        _host.Dispose();
    }
}
