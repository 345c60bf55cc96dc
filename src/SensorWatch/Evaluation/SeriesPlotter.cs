using ScottPlot;
using SensorWatch.Core.Evaluation;

namespace SensorWatch.Evaluation;

/// <summary>
/// Draws one replayed series as a PNG with ScottPlot: the signal(s) on top, the anomaly score and the alert threshold
/// below on a shared row axis; labelled windows or segments shaded red in both, the cold start shaded grey, and every
/// alert that opened marked with a vertical line.
/// </summary>
internal static class SeriesPlotter
{
    private const int Width = 1400;
    private const int Height = 560;
    private const int MaxPoints = 4000; // longer series are drawn from a min/max decimation

    /// <summary>Renders the plot and returns the PNG bytes.</summary>
    /// <param name="title">Plot title.</param>
    /// <param name="signals">(D) signals to draw, each (N); at most a few are drawn.</param>
    /// <param name="result">The replay.</param>
    /// <param name="labelled">Labelled spans (row ranges, end exclusive).</param>
    /// <param name="coldStartRows">Rows of the cold start at the beginning (0 for none).</param>
    public static byte[] Render(string title, IReadOnlyList<double[]> signals, ReplayResult result, IReadOnlyList<LabelSegment> labelled, int coldStartRows)
    {
        Multiplot multiplot = new();
        multiplot.AddPlots(2);
        Plot top = multiplot.GetPlot(0);
        Plot bottom = multiplot.GetPlot(1);
        foreach (Plot plot in new[] { top, bottom })
        {
            if (coldStartRows > 0)
            {
                plot.Add.HorizontalSpan(0, coldStartRows).FillStyle.Color = Colors.Gray.WithAlpha(0.25);
            }

            foreach (LabelSegment span in labelled)
            {
                plot.Add.HorizontalSpan(span.Start, span.EndExclusive - 1).FillStyle.Color = Colors.Red.WithAlpha(0.2);
            }
        }

        foreach (double[] signal in signals.Take(6))
        {
            (double[] xs, double[] ys) = Decimate(signal);
            var line = top.Add.ScatterLine(xs, ys);
            line.LineWidth = 1;
            line.Color = signals.Count == 1 ? Colors.SteelBlue : line.Color;
        }

        (double[] sx, double[] sy) = Decimate(result.Scores);
        var score = bottom.Add.ScatterLine(sx, sy);
        score.LineWidth = 1;
        score.Color = Colors.Black;
        score.LegendText = "anomaly score";
        var threshold = bottom.Add.HorizontalLine(result.AlertThreshold);
        threshold.LineStyle.Pattern = LinePattern.Dashed;
        threshold.LegendText = "alert threshold";
        for (int i = 0; i < result.Alerts.Length; i++)
        {
            if (result.Alerts[i] == "open")
            {
                foreach (Plot plot in new[] { top, bottom })
                {
                    var line = plot.Add.VerticalLine(i);
                    line.Color = Colors.DarkOrange;
                    line.LineWidth = 1.5f;
                }
            }
        }

        top.Title(title);
        top.YLabel("signal");
        bottom.YLabel("score");
        bottom.XLabel("row");
        bottom.Axes.SetLimitsY(0, 1);
        bottom.ShowLegend(Alignment.UpperLeft);
        multiplot.SharedAxes.ShareX([top, bottom]);
        return multiplot.Render(Width, Height).GetImageBytes(ImageFormat.Png);
    }

    // Keeps the min and max of each bucket so spikes survive decimation.
    private static (double[] Xs, double[] Ys) Decimate(double[] values)
    {
        int n = values.Length;
        if (n <= MaxPoints)
        {
            return ([.. Enumerable.Range(0, n).Select(i => (double)i)], [.. values.Select(v => double.IsFinite(v) ? v : 0.0)]);
        }

        int buckets = MaxPoints / 2;
        List<double> xs = new(MaxPoints);
        List<double> ys = new(MaxPoints);
        for (int b = 0; b < buckets; b++)
        {
            int start = (int)((long)b * n / buckets);
            int end = (int)((long)(b + 1) * n / buckets);
            int minRow = start, maxRow = start;
            for (int i = start; i < end; i++)
            {
                if (values[i] < values[minRow]) { minRow = i; }
                if (values[i] > values[maxRow]) { maxRow = i; }
            }

            foreach (int row in minRow <= maxRow ? new[] { minRow, maxRow } : new[] { maxRow, minRow })
            {
                xs.Add(row);
                ys.Add(double.IsFinite(values[row]) ? values[row] : 0.0);
            }
        }

        return ([.. xs], [.. ys]);
    }
}
