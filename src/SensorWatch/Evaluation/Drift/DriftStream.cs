using SensorWatch.Core.Synthetic;

namespace SensorWatch.Evaluation.Drift;

/// <summary>
/// The labelled stream of a drift replay: rows (N, D) of the synthetic pump with the baseline drift added, the injected
/// abrupt anomalies (ground truth), and where the training days end.
/// </summary>
internal sealed class DriftStream
{
    private DriftStream(float[] values, IReadOnlyList<string> featureNames, IReadOnlyList<AnomalyEvent> events, int rowsPerDay, int trainRows)
    {
        Values = values;
        FeatureNames = featureNames;
        Events = events;
        RowsPerDay = rowsPerDay;
        TrainRows = trainRows;
    }

    /// <summary>(N, D) rows, row-major.</summary>
    public float[] Values { get; }

    /// <summary>D names.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Injected anomalies, all after the training rows.</summary>
    public IReadOnlyList<AnomalyEvent> Events { get; }

    /// <summary>Rows per simulated day.</summary>
    public int RowsPerDay { get; }

    /// <summary>Rows of the training days (clean, no drift).</summary>
    public int TrainRows { get; }

    /// <summary>N.</summary>
    public int Rows => Values.Length / FeatureNames.Count;

    /// <summary>Generates the stream: anomalies only after the training days; drift rises linearly from the end of training.</summary>
    public static DriftStream Generate(DriftReplaySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        int rowsPerDay = 24 * 60 / settings.IntervalMinutes;
        int trainRows = settings.TrainDays * rowsPerDay;
        int rows = trainRows + (settings.Days * rowsPerDay);
        SyntheticSensorOptions options = new()
        {
            Features = settings.Features,
            Interval = TimeSpan.FromMinutes(settings.IntervalMinutes),
            DailyPeriod = TimeSpan.FromDays(1),
            MeanGapRows = settings.MeanGapRows,
            MinGapRows = Math.Min(128, settings.MeanGapRows),
            InitialNormalRows = trainRows,
            AnomalyKinds = settings.AnomalyKinds,
        };
        SyntheticSensorGenerator generator = new(options, new Random(settings.Seed));
        SyntheticSeries series = generator.Generate(rows);
        float[] values = series.Values;
        int d = settings.Features;
        for (int r = trainRows; r < rows; r++)
        {
            double days = (double)(r - trainRows) / rowsPerDay;
            foreach (int f in settings.DriftFeatures)
            {
                values[(r * d) + f] += (float)(settings.DriftPerDay * generator.FeatureScales[f] * days);
            }
        }

        return new DriftStream(values, series.FeatureNames, [.. series.Events.Where(e => e.StartRow >= trainRows)], rowsPerDay, trainRows);
    }
}
