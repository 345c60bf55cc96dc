using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SensorWatch.Health;

namespace SensorWatch.Telemetry;

/// <summary>
/// The one call a host makes: <c>services.AddSensorWatchTelemetry(configuration)</c> registers
/// <see cref="SensorWatchTelemetry"/>, <see cref="HealthState"/>, the OpenTelemetry SDK (SensorWatch meter and
/// source, .NET runtime metrics, Prometheus exporter, OTLP when an endpoint is configured) and the
/// <see cref="TelemetryWebServer"/> hosted service serving <c>/metrics</c>, <c>/alive</c>, <c>/health</c>.
/// </summary>
internal static class TelemetryServiceCollectionExtensions
{
    /// <summary>Environment variable that turns OTLP export on (standard OpenTelemetry name).</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IServiceCollection AddSensorWatchTelemetry(this IServiceCollection services, IConfiguration configuration, string meterName = SensorWatchTelemetry.DefaultName)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(descriptor => descriptor.ServiceType == typeof(TelemetryWebServer)))
        {
            return services; // already registered: a second call must not start a second server on the same port
        }

        // Both spellings bind: SensorWatch:Telemetry and, like the worker's other sections, top-level Telemetry (wins).
        IConfigurationSection section = configuration.GetSection(TelemetryOptions.SectionName);
        IConfigurationSection shortSection = configuration.GetSection(TelemetryOptions.ShortSectionName);
        services.AddOptions<TelemetryOptions>().Bind(section).Bind(shortSection).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>());
        TelemetryOptions settings = new();
        section.Bind(settings);
        shortSection.Bind(settings);

        services.TryAddSingleton(provider => new SensorWatchTelemetry(meterName, provider.GetService<TimeProvider>()));
        services.TryAddSingleton(provider => new HealthState(
            TimeSpan.FromSeconds(Math.Max(1, provider.GetRequiredService<IOptions<TelemetryOptions>>().Value.LivenessBudgetSeconds)),
            provider.GetService<TimeProvider>()));
        services.TryAddSingleton<TelemetryWebServer>();
        services.AddHostedService(provider => provider.GetRequiredService<TelemetryWebServer>());

        string version = typeof(SensorWatchTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        OpenTelemetryBuilder openTelemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(settings.ServiceName, serviceVersion: version))
            .WithMetrics(metrics => metrics.AddMeter(meterName).AddRuntimeInstrumentation().AddPrometheusExporter())
            .WithTracing(tracing => tracing.AddSource(meterName));

        string? endpoint = OtlpEndpoint(settings, configuration);
        if (!string.IsNullOrWhiteSpace(settings.OtlpEndpoint) && Uri.TryCreate(settings.OtlpEndpoint, UriKind.Absolute, out Uri? configured))
        {
            openTelemetry.UseOtlpExporter(configured.Port == 4318 ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc, configured);
        }
        else if (endpoint is not null)
        {
            openTelemetry.UseOtlpExporter(); // reads OTEL_EXPORTER_OTLP_ENDPOINT / _PROTOCOL / _HEADERS itself
        }

        return services;
    }

    /// <summary>The OTLP endpoint in effect (option first, then the standard variable), or null: no OTLP export.</summary>
    public static string? OtlpEndpoint(TelemetryOptions settings, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(configuration);
        string? endpoint = settings.OtlpEndpoint;
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            endpoint = configuration[OtlpEndpointVariable];
        }

        if (string.IsNullOrWhiteSpace(endpoint))
        {
            endpoint = Environment.GetEnvironmentVariable(OtlpEndpointVariable);
        }

        return string.IsNullOrWhiteSpace(endpoint) ? null : endpoint;
    }
}
