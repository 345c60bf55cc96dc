using System.Globalization;
using System.Net;
using System.Text;
using SensorWatch.Core.Evaluation;

namespace SensorWatch.Evaluation;

/// <summary>Writes the self-contained report.html (summary tables, every plot inlined as a base64 PNG) and the PNG files.</summary>
internal static class ReportWriter
{
    /// <summary>One plotted series: its name, a one-line caption and the PNG bytes.</summary>
    public sealed record PlotEntry(string Name, string Caption, byte[] Png);

    /// <summary>Saves each PNG under <c>&lt;out&gt;/plots/</c> and writes <c>&lt;out&gt;/report.html</c>.</summary>
    public static string Write(string outputDirectory, string title, string summaryHtml, IReadOnlyList<PlotEntry> plots)
    {
        string plotDirectory = Path.Combine(outputDirectory, "plots");
        Directory.CreateDirectory(plotDirectory);
        StringBuilder html = new();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(Encode(title)).Append("</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
            .Append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f3f3f3}td:first-child{text-align:left}")
            .Append("img{max-width:100%;border:1px solid #ddd}figure{margin:1.5em 0}figcaption{color:#555;font-size:90%}")
            .Append("</style></head><body><h1>").Append(Encode(title)).Append("</h1>")
            .Append("<p>Generated ").Append(DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))
            .Append(" by <code>sensorwatch evaluate</code>. Plots: signal (top); anomaly score and alert threshold (bottom); ")
            .Append("labelled anomalies shaded red, cold start grey, alerts opened as orange lines.</p>")
            .Append(summaryHtml);
        foreach (PlotEntry plot in plots)
        {
            string file = SafeName(plot.Name) + ".png";
            File.WriteAllBytes(Path.Combine(plotDirectory, file), plot.Png);
            html.Append("<figure><img alt=\"").Append(Encode(plot.Name)).Append("\" src=\"data:image/png;base64,")
                .Append(Convert.ToBase64String(plot.Png)).Append("\"><figcaption>").Append(Encode(plot.Name)).Append(": ")
                .Append(Encode(plot.Caption)).Append("</figcaption></figure>");
        }

        html.Append("</body></html>");
        string path = Path.Combine(outputDirectory, "report.html");
        File.WriteAllText(path, html.ToString());
        return path;
    }

    /// <summary>The NAB summary: profiles, then per-file counts under the standard profile.</summary>
    public static string NabSummary(NabMetricsSummary summary)
    {
        StringBuilder html = new("<h2>NAB score</h2><table><tr><th>profile</th><th>threshold</th><th>raw</th><th>score (0 = null, 100 = perfect)</th><th>TP</th><th>FP</th><th>FN</th></tr>");
        foreach (NabCorpusScore profile in summary.Profiles)
        {
            Row(html, profile.Profile.Name, F(profile.Threshold, "G6"), F(profile.RawScore, "F3"), "<b>" + F(profile.NormalisedScore, "F2") + "</b>",
                profile.Files.Sum(f => f.TruePositives).ToString(CultureInfo.InvariantCulture),
                profile.Files.Sum(f => f.FalsePositives).ToString(CultureInfo.InvariantCulture),
                profile.Files.Sum(f => f.FalseNegatives).ToString(CultureInfo.InvariantCulture));
        }

        html.Append("</table><p>Mean time to detect (standard profile): ").Append(F(summary.MeanDetectionDelayRows, "F1"))
            .Append(" rows after the window start.</p><h2>Per file (standard profile)</h2><table><tr><th>file</th><th>windows</th><th>TP</th><th>FP</th><th>FN</th><th>raw</th></tr>");
        foreach (NabFileScore file in summary.Profiles[0].Files)
        {
            Row(html, Encode(file.Name), file.Windows.ToString(CultureInfo.InvariantCulture), file.TruePositives.ToString(CultureInfo.InvariantCulture),
                file.FalsePositives.ToString(CultureInfo.InvariantCulture), file.FalseNegatives.ToString(CultureInfo.InvariantCulture), F(file.RawScore, "F3"));
        }

        return html.Append("</table>").ToString();
    }

    /// <summary>The row-labelled summary: one row per series plus the mean.</summary>
    public static string SeriesSummary(SmdMetricsSummary summary)
    {
        StringBuilder html = new StringBuilder("<h2>Metrics</h2><p>Best F1 and best PA-F1 use the oracle threshold per series (the usual protocol). ")
            .Append("PA-F1 flatters: one hit marks the whole labelled segment, so random scores reach about 0.8 on SMD. ")
            .Append("Event metrics and delay are at the operating threshold.</p><table><tr><th>series</th><th>best F1</th><th>P</th><th>R</th>")
            .Append("<th>PR-AUC</th><th>ROC-AUC</th><th>PA-F1 (flatters)</th><th>event recall</th><th>event precision</th><th>delay (rows)</th></tr>");
        foreach (SeriesMetrics s in summary.Series)
        {
            Row(html, Encode(s.Name), F(s.BestPointF1.F1, "F3"), F(s.BestPointF1.Precision, "F3"), F(s.BestPointF1.Recall, "F3"), F(s.AveragePrecision, "F3"),
                F(s.RocAuc, "F3"), F(s.BestPointAdjustedF1.F1, "F3"), F(s.Events.Recall, "F3"), F(s.Events.Precision, "F3"), F(s.Events.MeanDelay, "F1"));
        }

        Row(html, "<b>mean</b>", "<b>" + F(summary.Mean(s => s.BestPointF1.F1), "F3") + "</b>", F(summary.Mean(s => s.BestPointF1.Precision), "F3"),
            F(summary.Mean(s => s.BestPointF1.Recall), "F3"), "<b>" + F(summary.Mean(s => s.AveragePrecision), "F3") + "</b>", F(summary.Mean(s => s.RocAuc), "F3"),
            F(summary.Mean(s => s.BestPointAdjustedF1.F1), "F3"), F(summary.Mean(s => s.Events.Recall), "F3"), F(summary.Mean(s => s.Events.Precision), "F3"),
            F(summary.Mean(s => s.Events.MeanDelay), "F1"));
        return html.Append("</table>").ToString();
    }

    private static void Row(StringBuilder html, params string[] cells)
    {
        html.Append("<tr>");
        foreach (string cell in cells)
        {
            html.Append("<td>").Append(cell).Append("</td>");
        }

        html.Append("</tr>");
    }

    private static string F(double value, string format) => MetricsPrinter.Format(value, format);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string SafeName(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
}
