using SensorWatch.IntegrationTests.Deploy;

namespace SensorWatch.IntegrationTests.Telemetry;

/// <summary>SensorWatch's own series through <c>promtool check metrics</c> (Prometheus naming and exposition lint).</summary>
public sealed class ExpositionLintTests
{
    // OpenTelemetry semantic-convention name kept on purpose although Prometheus lint dislikes a _count suffix on a gauge.
    private const string SemanticConventionException = "process_thread_count";

    [ToolFact("promtool")]
    public async Task CheckMetrics_SensorWatchSeries_HaveNoLintProblems()
    {
        await using TelemetryTestHost host = await TelemetryTestHost.StartAsync();
        TelemetryRecorder.RecordEverything(host.Telemetry, DateTimeOffset.UtcNow);
        string text = await host.ScrapeAsync();
        string[] prefixes = ["sensorwatch_", "messaging_", "process_"];
        string ours = string.Join('\n', text.Split('\n').Where(line =>
        {
            string name = line.StartsWith("# ", StringComparison.Ordinal) ? line.Split(' ').ElementAtOrDefault(2) ?? "" : line;
            return prefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));
        })) + "\n";

        // promtool exits non-zero for any lint finding, the known exception included: judge by the findings listed.
        (_, string output) = ExternalTool.RunWithInput("promtool", ours, "check", "metrics");

        string[] problems = [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith(SemanticConventionException + " ", StringComparison.Ordinal))];
        Assert.Empty(problems);
        Assert.Contains("sensorwatch_window_score_bucket", ours, StringComparison.Ordinal);
    }
}
