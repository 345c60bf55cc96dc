using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenTelemetry.Metrics;

namespace SensorWatch.Health;

/// <summary>
/// Maps the operations endpoints: <c>/metrics</c> (Prometheus text), <c>/alive</c> (liveness) and
/// <c>/health</c> (readiness). Probes answer 200 when healthy, 503 otherwise, with the reasons in a JSON body.
/// </summary>
internal static class HealthEndpoints
{
    public const string MetricsPath = "/metrics";
    public const string AlivePath = "/alive";
    public const string HealthPath = "/health";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    /// <summary>Adds the three endpoints to <paramref name="app"/>; metrics come from <paramref name="meterProvider"/> when given.</summary>
    public static WebApplication MapSensorWatchEndpoints(this WebApplication app, HealthState health, MeterProvider? meterProvider, ProbeLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(health);
        if (meterProvider is not null)
        {
            app.UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider, predicate: null, path: MetricsPath, configureBranchedPipeline: null, optionsName: null);
        }

        app.MapGet(AlivePath, () =>
        {
            HealthReport report = health.GetLiveness();
            log?.Liveness(report);
            return Answer(report);
        });
        app.MapGet(HealthPath, () =>
        {
            HealthReport report = health.GetReadiness();
            log?.Readiness(report);
            return Answer(report);
        });
        return app;
    }

    private static IResult Answer(HealthReport report) =>
        Results.Json(report, s_json, contentType: "application/json", statusCode: report.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
}
