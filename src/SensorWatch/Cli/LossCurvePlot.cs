using ScottPlot;

namespace SensorWatch.Cli;

/// <summary>Draws the per-epoch training and validation losses as a PNG with ScottPlot.</summary>
internal static class LossCurvePlot
{
    /// <summary>The PNG path beside a model file: <c>model.swm</c> → <c>model.loss.png</c>.</summary>
    public static string PathFor(string modelPath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath)) ?? ".", Path.GetFileNameWithoutExtension(modelPath) + ".loss.png");

    public static void Save(string path, IReadOnlyList<double> trainLosses, IReadOnlyList<double> validationLosses)
    {
        Plot plot = new();
        double[] epochs = [.. Enumerable.Range(1, trainLosses.Count).Select(e => (double)e)];
        var train = plot.Add.Scatter(epochs, trainLosses.ToArray());
        train.LegendText = "train";
        if (validationLosses.Any(double.IsFinite))
        {
            var validation = plot.Add.Scatter(epochs, validationLosses.ToArray());
            validation.LegendText = "validation";
        }

        plot.Title("SensorWatch training loss");
        plot.XLabel("epoch");
        plot.YLabel("loss (MSE, standardised)");
        plot.ShowLegend();
        plot.SavePng(path, 800, 500);
    }
}
