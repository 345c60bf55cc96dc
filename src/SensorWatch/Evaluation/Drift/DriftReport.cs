using System.Globalization;
using System.Text;
using Spectre.Console;

namespace SensorWatch.Evaluation.Drift;

/// <summary>Prints drift replay results: a summary table per mode, a per-day table, or the same as Markdown / JSON.</summary>
internal static class DriftReport
{
    /// <summary>One row per mode: false alarms per day, event recall, retraining counts.</summary>
    public static Table Summary(IReadOnlyList<DriftReplayResult> results, DriftReplaySettings settings)
    {
        Table table = new Table().Title($"drift replay: {settings.Days} days, drift {F(settings.DriftPerDay, "G3")} scales/day, seed {settings.Seed}")
            .AddColumns("mode", "FA/day", "false-alert h/day", "normal flagged", "last 3 days: FA/day, h/day", "event recall", "retrains", "promoted", "rejected", "rolled back", "time");
        foreach (DriftReplayResult r in results)
        {
            table.AddRow(r.Mode, $"[bold]{F(r.MeanFalseAlarmsPerDay, "F2")}[/]", $"[bold]{F(r.MeanFalseAlertHours, "F1")}[/]", Percent(r.MeanNormalWindowFlagRate),
                $"{F(LastDays(r.FalseAlarmsPerDay.Select(v => (double)v)), "F2")}, {F(LastDays(r.FalseAlertHours), "F1")}", $"[bold]{Recall(r)}[/]", I(r.Retrains), I(r.Promoted), I(r.Rejected) + Reasons(r), I(r.RolledBack), $"{F(r.Elapsed.TotalSeconds, "F0")} s");
        }

        table.Caption("FA = alerts overlapping no injected anomaly; false-alert h = alert open over normal data; recall = injected anomalies overlapped by an alert");
        return table;
    }

    /// <summary>False alarms and the flagged fraction of normal windows per simulated day, one column pair per mode.</summary>
    public static Table PerDay(IReadOnlyList<DriftReplayResult> results)
    {
        Table table = new Table().Title("per day: false alarms / false-alert hours (flagged normal windows)").AddColumn("day");
        foreach (DriftReplayResult r in results)
        {
            table.AddColumn(r.Mode);
        }

        for (int day = 0; day < results[0].FalseAlarmsPerDay.Length; day++)
        {
            table.AddRow([I(day + 1), .. results.Select(r => Day(r, day))]);
        }

        return table;
    }

    /// <summary>The summary and per-day tables as Markdown (for docs).</summary>
    public static string Markdown(IReadOnlyList<DriftReplayResult> results)
    {
        StringBuilder text = new();
        text.AppendLine("| mode | FA/day | false-alert h/day | normal windows flagged | last 3 days: FA/day, h/day | event recall | retrains | promoted | rejected | rolled back |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|");
        foreach (DriftReplayResult r in results)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Mode} | {F(r.MeanFalseAlarmsPerDay, "F2")} | {F(r.MeanFalseAlertHours, "F1")} | {Percent(r.MeanNormalWindowFlagRate)} | {F(LastDays(r.FalseAlarmsPerDay.Select(v => (double)v)), "F2")}, {F(LastDays(r.FalseAlertHours), "F1")} | {Recall(r)} | {r.Retrains} | {r.Promoted} | {r.Rejected}{Reasons(r)} | {r.RolledBack} |");
        }

        text.AppendLine().Append("| day |");
        text.AppendJoin("", results.Select(r => $" {r.Mode} |")).AppendLine();
        text.Append("|---:|").AppendJoin("", results.Select(_ => "---:|")).AppendLine();
        for (int day = 0; day < results[0].FalseAlarmsPerDay.Length; day++)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {day + 1} |");
            text.AppendJoin("", results.Select(r => $" {Day(r, day)} |")).AppendLine();
        }

        return text.ToString();
    }

    private static double LastDays(IEnumerable<double> perDay) => perDay.TakeLast(3).DefaultIfEmpty(0).Average();

    private static string Day(DriftReplayResult r, int day) =>
        $"{r.FalseAlarmsPerDay[day]} / {F(r.FalseAlertHours[day], "F1")} h ({Percent(r.NormalWindowFlagRate[day])})";

    private static string Percent(double fraction) => $"{F(100 * fraction, "F1")} %";

    private static string Recall(DriftReplayResult r) => $"{F(r.Recall, "F2")} ({r.Detected}/{r.Events})";

    private static string Reasons(DriftReplayResult r) =>
        r.RejectionReasons.Count == 0 ? "" : " (" + string.Join(", ", r.RejectionReasons.Select(p => $"{p.Key} {p.Value}")) + ")";

    private static string F(double value, string format) => MetricsPrinter.Format(value, format);

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
