using System.Globalization;
using System.Text.Json;
using SensorWatch.Core.Evaluation;
using Spectre.Console;

namespace SensorWatch.Evaluation;

/// <summary>Prints evaluation metrics as Spectre.Console tables or as JSON.</summary>
internal static class MetricsPrinter
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>The NAB table: one row per profile.</summary>
    public static Table NabTable(NabMetricsSummary summary)
    {
        Table table = new Table().Title($"NAB ({summary.Files} files, {summary.Windows} windows)")
            .AddColumns("profile", "threshold", "raw", "null", "perfect", "score", "TP", "FP", "FN");
        foreach (NabCorpusScore profile in summary.Profiles)
        {
            table.AddRow(profile.Profile.Name, Format(profile.Threshold, "G6"), Format(profile.RawScore, "F3"), Format(profile.NullScore, "F1"),
                Format(profile.PerfectScore, "F1"), $"[bold]{Format(profile.NormalisedScore, "F2")}[/]",
                profile.Files.Sum(f => f.TruePositives).ToString(CultureInfo.InvariantCulture),
                profile.Files.Sum(f => f.FalsePositives).ToString(CultureInfo.InvariantCulture),
                profile.Files.Sum(f => f.FalseNegatives).ToString(CultureInfo.InvariantCulture));
        }

        table.Caption($"mean time to detect (standard): {Format(summary.MeanDetectionDelayRows, "F1")} rows after window start");
        return table;
    }

    /// <summary>The row-labelled table: one row per series plus the mean.</summary>
    public static Table SeriesTable(SmdMetricsSummary summary, string title)
    {
        Table table = new Table().Title(title).AddColumns("series", "best F1", "P", "R", "PR-AUC", "ROC-AUC", "PA-F1 (flatters)",
            "ev. recall", "ev. precision", "delay");
        foreach (SeriesMetrics s in summary.Series)
        {
            table.AddRow(s.Name, Format(s.BestPointF1.F1, "F3"), Format(s.BestPointF1.Precision, "F3"), Format(s.BestPointF1.Recall, "F3"),
                Format(s.AveragePrecision, "F3"), Format(s.RocAuc, "F3"), Format(s.BestPointAdjustedF1.F1, "F3"),
                Format(s.Events.Recall, "F3"), Format(s.Events.Precision, "F3"), Format(s.Events.MeanDelay, "F1"));
        }

        table.AddRow("[bold]mean[/]", Bold(summary.Mean(s => s.BestPointF1.F1)), Format(summary.Mean(s => s.BestPointF1.Precision), "F3"),
            Format(summary.Mean(s => s.BestPointF1.Recall), "F3"), Bold(summary.Mean(s => s.AveragePrecision)), Format(summary.Mean(s => s.RocAuc), "F3"),
            Format(summary.Mean(s => s.BestPointAdjustedF1.F1), "F3"), Format(summary.Mean(s => s.Events.Recall), "F3"),
            Format(summary.Mean(s => s.Events.Precision), "F3"), Format(summary.Mean(s => s.Events.MeanDelay), "F1"));
        table.Caption("best F1 / PA-F1: oracle threshold per series; event metrics and delay (rows) at the operating threshold");
        return table;
    }

    /// <summary>Serialises any summary object as indented JSON (NaN and infinities as strings).</summary>
    public static string Json(object value) => JsonSerializer.Serialize(value, s_json);

    /// <summary>Invariant formatting with NaN and infinity spelled out.</summary>
    public static string Format(double value, string format) =>
        double.IsNaN(value) ? "n/a" : double.IsPositiveInfinity(value) ? "none" : value.ToString(format, CultureInfo.InvariantCulture);

    private static string Bold(double value) => $"[bold]{Format(value, "F3")}[/]";
}
