using System.Globalization;

namespace SensorWatch.Roles.Demo;

/// <summary>Prints the demo summary as plain text (works in a terminal and in a log).</summary>
internal static class DemoReport
{
    public static async Task WriteAsync(DemoSummary summary, TextWriter output)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(inv, $"SensorWatch demo summary ({summary.DurationSeconds:F0} s, {summary.Sensors} sensors)")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(inv,
            $"  windows: {summary.WindowsProduced} produced, {summary.WindowsConsumed} consumed, {summary.WindowsScored} scored, {summary.WindowsProbation} probation, {summary.DeadLetters} dead letters")).ConfigureAwait(false);
        await output.WriteLineAsync(summary.FirstModelSeconds is { } ready
            ? string.Create(inv, $"  cold start: first model scoring after {ready:F0} s (training took {summary.TrainingSeconds:F1} s)")
            : "  cold start: no model finished training in time (try a longer --duration)").ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(inv,
            $"  anomalies: {summary.Injected} injected while a model was scoring, {summary.Detected} detected; {summary.InjectedDuringColdStart} more during the cold start (not scorable)")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(inv, $"  alerts: {summary.AlertsOpened} opened, {summary.FalseAlerts} matching no injected anomaly (false alerts)")).ConfigureAwait(false);
        await output.WriteLineAsync("  kind               injected  detected  median time to detect (sensor time / wall clock)").ConfigureAwait(false);
        foreach (DemoKindResult kind in summary.Kinds)
        {
            string ttd = kind.MedianSecondsToDetect is { } sensor
                ? string.Create(inv, $"{sensor:F0} s / {kind.MedianWallSecondsToDetect:F1} s")
                : "-";
            await output.WriteLineAsync(string.Create(inv, $"  {kind.Kind,-18} {kind.Injected,8}  {kind.Detected,8}  {ttd}")).ConfigureAwait(false);
        }

        await DemoRetrains.WriteAsync(summary.Retrains, output).ConfigureAwait(false);
        if (summary.MetricsUrl is not null)
        {
            await output.WriteLineAsync($"  metrics were served at {summary.MetricsUrl}").ConfigureAwait(false);
        }
    }
}
