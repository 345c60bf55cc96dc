using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using SensorWatch.Health;

namespace SensorWatch.Telemetry;

/// <summary>
/// A small Kestrel server, separate from the worker's generic host, serving <c>/metrics</c>, <c>/alive</c> and
/// <c>/health</c> on <see cref="TelemetryOptions.BindAddress"/>:<see cref="TelemetryOptions.Port"/>.
/// After start, <see cref="Address"/> holds the bound address (useful with port 0). Taking
/// <paramref name="telemetry"/> creates the meter at start, so process metrics are exported before the worker runs.
/// </summary>
internal sealed class TelemetryWebServer(
    IOptions<TelemetryOptions> options,
    HealthState health,
    SensorWatchTelemetry telemetry,
    IServiceProvider services,
    ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<TelemetryWebServer>();
    private WebApplication? _app;

    /// <summary>The bound base address (e.g. <c>http://127.0.0.1:41234</c>), null before start or when disabled.</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        TelemetryOptions settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(TelemetryWebServer).Assembly.GetName().Name,
            Args = [],
        });
        // The endpoints log through the host's providers, without ASP.NET Core's per-request Information lines.
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new ForwardingLoggerProvider(loggerFactory));
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning); // the worker's host reports its own lifetime
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Parse(settings.BindAddress), settings.Port));
        WebApplication app = builder.Build();
        app.MapSensorWatchEndpoints(health, services.GetService<MeterProvider>(), new ProbeLog(_logger));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;

        string? bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        Address = bound is null ? null : new Uri(bound);
        TelemetryLog.EndpointsListening(_logger, bound ?? "(unknown)", telemetry.Meter.Name);
        if (TelemetryServiceCollectionExtensions.OtlpEndpoint(settings, services.GetRequiredService<IConfiguration>()) is { } otlp)
        {
            TelemetryLog.OtlpEnabled(_logger, otlp);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
            TelemetryLog.EndpointsStopped(_logger);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _app = null;
        }
    }
}
