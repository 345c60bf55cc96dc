using SensorWatch.Core.Evaluation;
using SensorWatch.Core.Preprocessing;

namespace SensorWatch.Evaluation;

/// <summary>
/// The csv format: every <c>*.csv</c> (or .csv.gz) in the data folder is one series with a timestamp column, numeric
/// columns and an optional 0/1 label column (named label, is_anomaly or anomaly). The first 15 % of rows are the cold
/// start; every row is replayed and scored; labels, when present, give the point, event and ranking metrics.
/// </summary>
internal static class CsvEvaluation
{
    private static readonly string[] s_labelNames = ["label", "is_anomaly", "anomaly"];

    /// <summary>One CSV series: readings without the label column, and the labels (empty when none).</summary>
    public sealed record CsvSeries(string Name, SensorTable Table, bool[] Labels);

    /// <summary>Reads every CSV of the folder, sorted by name.</summary>
    public static IReadOnlyList<CsvSeries> Read(string dataDirectory)
    {
        string[] paths = [.. Directory.EnumerateFiles(dataDirectory)
            .Where(p => p.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)];
        if (paths.Length == 0)
        {
            throw new EvaluationInputException($"{dataDirectory} holds no .csv files.");
        }

        List<CsvSeries> series = [];
        foreach (string path in paths)
        {
            SensorTable table;
            try
            {
                table = CsvTableReader.Read(path);
            }
            catch (SensorDataException error)
            {
                throw new EvaluationInputException(error.Message, error);
            }

            series.Add(Split(Path.GetFileName(path).Replace(".gz", string.Empty, StringComparison.OrdinalIgnoreCase), table));
        }

        return series;
    }

    /// <summary>Cold-start rows of a series of <paramref name="rows"/> rows: 15 %, at least two windows' worth.</summary>
    public static int ColdStartRows(int rows, int windowLength) => Math.Min(rows - 1, Math.Max((int)(0.15 * rows), 3 * windowLength));

    private static CsvSeries Split(string name, SensorTable table)
    {
        int label = -1;
        for (int d = 0; d < table.FeatureCount; d++)
        {
            if (s_labelNames.Contains(table.FeatureNames[d].Trim(), StringComparer.OrdinalIgnoreCase))
            {
                label = d;
            }
        }

        if (label < 0)
        {
            return new CsvSeries(name, table, []);
        }

        if (table.FeatureCount == 1)
        {
            throw new EvaluationInputException($"{name}: the only numeric column is the label; nothing to score.");
        }

        int n = table.RowCount, features = table.FeatureCount, kept = features - 1;
        float[] values = new float[n * kept];
        bool[] labels = new bool[n];
        for (int t = 0; t < n; t++)
        {
            int k = 0;
            for (int d = 0; d < features; d++)
            {
                float x = table.Values[(t * features) + d];
                if (d == label)
                {
                    labels[t] = x > 0.5f;
                }
                else
                {
                    values[(t * kept) + k++] = x;
                }
            }
        }

        string[] names = [.. table.FeatureNames.Where((_, d) => d != label)];
        return new CsvSeries(name, new SensorTable(names, table.Timestamps, values), labels);
    }

    /// <summary>Metrics of a labelled series from the rows after the cold start.</summary>
    public static SeriesMetrics Metrics(CsvSeries series, ReplayResult result, int coldStart, double? threshold)
    {
        bool[] labels = series.Labels[coldStart..];
        double[] scores = result.Scores[coldStart..];
        return SeriesMetrics.Compute(series.Name, labels, scores, threshold);
    }
}
