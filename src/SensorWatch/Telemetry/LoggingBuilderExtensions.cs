using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace SensorWatch.Telemetry;

/// <summary>
/// Console logging for the worker: one JSON object per line (timestamp UTC, level, category, event id,
/// message, the structured state and scopes) unless <c>Telemetry:LogFormat</c> is <c>simple</c>.
/// </summary>
internal static class LoggingBuilderExtensions
{
    public static ILoggingBuilder AddSensorWatchConsole(this ILoggingBuilder logging, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(logging);
        ArgumentNullException.ThrowIfNull(configuration);
        string format = configuration[$"{TelemetryOptions.ShortSectionName}:LogFormat"] ?? configuration[$"{TelemetryOptions.SectionName}:LogFormat"] ?? "json";
        logging.ClearProviders();
        if (string.Equals(format, "simple", StringComparison.OrdinalIgnoreCase))
        {
            logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.UseUtcTimestamp = true;
                console.TimestampFormat = "HH:mm:ss ";
            });
            return logging;
        }

        logging.AddJsonConsole(console =>
        {
            console.IncludeScopes = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            console.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
        });
        return logging;
    }
}
