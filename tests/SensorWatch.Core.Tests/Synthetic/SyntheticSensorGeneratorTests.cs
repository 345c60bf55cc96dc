using SensorWatch.Core.Synthetic;

namespace SensorWatch.Core.Tests.Synthetic;

public sealed class SyntheticSensorGeneratorTests
{
    private const int Seed = 1234;

    private static SyntheticSensorOptions Injecting(params AnomalyKind[] kinds) => new()
    {
        AnomalyKinds = kinds.Length == 0 ? SyntheticSensorOptions.AllKinds : kinds,
        MeanGapRows = 300,
        MinGapRows = 100,
    };

    private static SyntheticSeries Generate(SyntheticSensorOptions options, int rows, int seed = Seed) =>
        new SyntheticSensorGenerator(options, new Random(seed)).Generate(rows);

    [Fact]
    public void Generate_SameSeed_IdenticalRowsLabelsAndEvents()
    {
        SyntheticSeries first = Generate(Injecting(), 3000);
        SyntheticSeries second = Generate(Injecting(), 3000);

        Assert.Equal(first.Values, second.Values);
        Assert.Equal(first.Labels, second.Labels);
        Assert.Equal(first.Timestamps, second.Timestamps);
        Assert.Equal(first.Events.Select(e => (e.Kind, e.StartRow, e.EndRow, string.Join(",", e.Features))),
            second.Events.Select(e => (e.Kind, e.StartRow, e.EndRow, string.Join(",", e.Features))));
        Assert.NotEmpty(first.Events);
    }

    [Fact]
    public void Generate_DifferentSeeds_DifferentRows()
    {
        SyntheticSeries first = Generate(Injecting(), 500, seed: 1);
        SyntheticSeries second = Generate(Injecting(), 500, seed: 2);

        Assert.NotEqual(first.Values, second.Values);
    }

    [Fact]
    public void Next_RowByRow_EqualsOneBatchAndSplitBatches()
    {
        SyntheticSeries batch = Generate(Injecting(), 2000);
        SyntheticSensorGenerator split = new(Injecting(), new Random(Seed));
        SyntheticSeries head = split.Generate(700);
        SyntheticSeries tail = split.Generate(1300);
        SyntheticSensorGenerator streaming = new(Injecting(), new Random(Seed));
        float[] row = new float[streaming.Features];

        for (int i = 0; i < 2000; i++)
        {
            SyntheticRow info = streaming.Next(row);
            Assert.Equal(batch.Row(i).ToArray(), row);
            Assert.Equal(batch.Labels[i], info.Label);
        }

        Assert.Equal(batch.Values, head.Values.Concat(tail.Values));
        Assert.Equal(700, tail.FirstRow);
        Assert.Equal(batch.Events.Count, head.Events.Count + tail.Events.Count);
    }

    [Theory]
    [InlineData(AnomalyKind.Spike)]
    [InlineData(AnomalyKind.LevelShift)]
    [InlineData(AnomalyKind.Drift)]
    [InlineData(AnomalyKind.Stuck)]
    [InlineData(AnomalyKind.NoiseBurst)]
    [InlineData(AnomalyKind.FrequencyChange)]
    [InlineData(AnomalyKind.BrokenRelation)]
    public void Generate_OneKind_ChangesTheSignalOnlyInLabelledRowsAndFeatures(AnomalyKind kind)
    {
        SyntheticSeries anomalous = Generate(Injecting(kind), 6000);
        SyntheticSeries clean = Generate(Injecting(kind) with { MeanGapRows = 0 }, 6000);
        int d = anomalous.Features;

        Assert.True(anomalous.Events.Count >= 5, $"expected several {kind} events, got {anomalous.Events.Count}");
        Assert.All(anomalous.Events, e => Assert.Equal(kind, e.Kind));
        bool[,] allowed = new bool[anomalous.Rows, d];
        foreach (AnomalyEvent e in anomalous.Events)
        {
            int changedRows = 0;
            for (long r = e.StartRow; r < Math.Min(e.EndRow, anomalous.Rows); r++)
            {
                Assert.Equal(kind, anomalous.Labels[r]);
                bool changed = false;
                foreach (int f in e.Features)
                {
                    allowed[r, f] = true;
                    changed |= anomalous.Values[(r * d) + f] != clean.Values[(r * d) + f];
                }

                changedRows += changed ? 1 : 0;
            }

            long rows = Math.Min(e.EndRow, anomalous.Rows) - e.StartRow;
            Assert.True(changedRows >= 0.8 * rows, $"{kind} at rows {e.StartRow}..{e.EndRow} changed only {changedRows} of {rows} rows");
        }

        for (int r = 0; r < anomalous.Rows; r++)
        {
            for (int f = 0; f < d; f++)
            {
                if (!allowed[r, f])
                {
                    Assert.True(anomalous.Values[(r * d) + f] == clean.Values[(r * d) + f], $"row {r} feature {f} changed outside any {kind} event");
                }
            }

            if (anomalous.Events.All(e => !e.Contains(r)))
            {
                Assert.Equal(AnomalyKind.None, anomalous.Labels[r]);
            }
        }
    }

    [Fact]
    public void Generate_BrokenRelation_EachSensorStaysInsideItsNormalRangeButTheRelationBreaks()
    {
        SyntheticSeries series = Generate(Injecting(AnomalyKind.BrokenRelation), 30_000);
        int d = series.Features;
        double[] min = [.. Enumerable.Repeat(double.MaxValue, d)];
        double[] max = [.. Enumerable.Repeat(double.MinValue, d)];
        for (int r = 0; r < series.Rows; r++)
        {
            if (series.Labels[r] != AnomalyKind.None)
            {
                continue;
            }

            for (int f = 0; f < d; f++)
            {
                min[f] = Math.Min(min[f], series.Values[(r * d) + f]);
                max[f] = Math.Max(max[f], series.Values[(r * d) + f]);
            }
        }

        int pressureFlowEvents = 0;
        foreach (AnomalyEvent e in series.Events.Where(e => e.EndRow <= series.Rows))
        {
            foreach (int f in e.Features)
            {
                for (long r = e.StartRow; r < e.EndRow; r++)
                {
                    float value = series.Values[(r * d) + f];
                    Assert.InRange(value, min[f], max[f]);
                }
            }

            if (e.FeatureNames[0] == "pressure")
            {
                pressureFlowEvents++;
                double brokenResidual = MeanPressureResidual(series, e.StartRow, e.EndRow);
                double normalResidual = MeanPressureResidual(series, e.StartRow - 100, e.StartRow);
                Assert.True(brokenResidual > 5 * normalResidual,
                    $"pressure no longer follows flow: residual {brokenResidual:0.000} vs {normalResidual:0.000} before");
            }
        }

        Assert.True(pressureFlowEvents >= 3, $"expected several pressure/flow events, got {pressureFlowEvents}");
    }

    [Fact]
    public void Generate_NormalOnly_NoEventsAndPhysicalRelationsHold()
    {
        SyntheticSeries series = Generate(new SyntheticSensorOptions { MeanGapRows = 0 }, 5000);

        Assert.Empty(series.Events);
        Assert.All(series.Labels, label => Assert.Equal(AnomalyKind.None, label));
        Assert.All(series.Values, value => Assert.True(float.IsFinite(value)));
        Assert.True(MeanPressureResidual(series, 0, series.Rows) < 0.1);
        double flowSpeed = Correlation(series, "flow", "speed");
        Assert.True(flowSpeed > 0.99, $"flow and speed correlate {flowSpeed:0.000}");
        Assert.True(Correlation(series, "power", "current") > 0.99);
    }

    [Fact]
    public void Generate_ShortDailyPeriod_AmbientFollowsTheCycle()
    {
        SyntheticSeries series = Generate(new SyntheticSensorOptions { MeanGapRows = 0, DailyPeriod = TimeSpan.FromSeconds(1000) }, 4000);
        int ambient = series.FeatureNames.ToList().IndexOf("ambient");

        double Mean(Func<int, bool> phase) => Enumerable.Range(0, series.Rows).Where(phase)
            .Average(r => series.Values[(r * series.Features) + ambient]);
        long Phase(int r) => series.Timestamps[r].UtcTicks / TimeSpan.TicksPerSecond % 1000;
        double midday = Mean(r => Phase(r) is > 400 and < 600);
        double midnight = Mean(r => Phase(r) is < 100 or > 900);

        Assert.True(midday - midnight > 8, $"ambient midday {midday:0.0} vs midnight {midnight:0.0}");
    }

    [Fact]
    public void Generate_AllKinds_EveryKindInjectedAboutEquallyOften()
    {
        SyntheticSeries series = Generate(Injecting(), 20_000);

        Dictionary<AnomalyKind, int> counts = series.Events.GroupBy(e => e.Kind).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(SyntheticSensorOptions.AllKinds.Order(), counts.Keys.Order());
        Assert.True(counts.Values.Max() - counts.Values.Min() <= 1, string.Join(", ", counts));
    }

    [Fact]
    public void Generate_InitialNormalRows_NoEventStartsBeforeThem()
    {
        SyntheticSeries series = Generate(Injecting() with { InitialNormalRows = 2500 }, 4000);

        Assert.NotEmpty(series.Events);
        Assert.All(series.Events, e => Assert.True(e.StartRow >= 2500, $"event at row {e.StartRow}"));
    }

    [Fact]
    public void Generate_Timestamps_AdvanceByTheInterval()
    {
        DateTimeOffset start = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
        SyntheticSeries series = Generate(Injecting() with { Start = start, Interval = TimeSpan.FromMilliseconds(250) }, 2000);

        Assert.Equal(start, series.Timestamps[0]);
        Assert.Equal(start.AddMilliseconds(250 * 1999), series.Timestamps[^1]);
        Assert.All(series.Events, e => Assert.Equal(start.AddMilliseconds(250 * e.StartRow), e.Start));
        Assert.All(series.Events, e => Assert.Equal(e.Start.AddMilliseconds(250 * e.Length), e.End));
    }

    [Fact]
    public void Constructor_ManyFeatures_NamesUnitsWithSuffixes()
    {
        SyntheticSensorGenerator generator = new(new SyntheticSensorOptions { Features = 18 }, new Random(Seed));

        Assert.Equal("temperature", generator.FeatureNames[0]);
        Assert.Equal("ambient", generator.FeatureNames[7]);
        Assert.Equal("temperature2", generator.FeatureNames[8]);
        Assert.Equal("pressure3", generator.FeatureNames[17]);
        Assert.Equal(18, generator.FeatureNames.Distinct().Count());
    }

    [Fact]
    public void Constructor_OneFeature_OnlySingleSensorKindsAreSupported()
    {
        Assert.DoesNotContain(AnomalyKind.BrokenRelation, SyntheticSensorGenerator.SupportedKinds(1));
        Assert.DoesNotContain(AnomalyKind.FrequencyChange, SyntheticSensorGenerator.SupportedKinds(3));
        Assert.Contains(AnomalyKind.BrokenRelation, SyntheticSensorGenerator.SupportedKinds(3));

        ArgumentException error = Assert.Throws<ArgumentException>(
            () => new SyntheticSensorGenerator(Injecting(AnomalyKind.BrokenRelation) with { Features = 1 }, new Random(Seed)));
        Assert.Contains("supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryError()
    {
        SyntheticSensorOptions options = new() { Features = 0, Interval = TimeSpan.Zero, MeanGapRows = 5, MinDurationRows = 50, MaxDurationRows = 10, Magnitude = double.NaN };

        ArgumentException error = Assert.Throws<ArgumentException>(() => new SyntheticSensorGenerator(options, new Random(Seed)));

        foreach (string name in new[] { "Features", "Interval", "MeanGapRows", "Durations", "Magnitude" })
        {
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Next_WrongRowLength_Throws()
    {
        SyntheticSensorGenerator generator = new(new SyntheticSensorOptions(), new Random(Seed));

        Assert.Throws<ArgumentException>(() => generator.Next(new float[3]));
    }

    /// <summary>Mean |pressure − (1 + 4 (flow/50)²)| over rows [from, to): the pump-curve residual (~noise when healthy).</summary>
    private static double MeanPressureResidual(SyntheticSeries series, long from, long to)
    {
        int pressure = series.FeatureNames.ToList().IndexOf("pressure");
        int flow = series.FeatureNames.ToList().IndexOf("flow");
        double sum = 0;
        for (long r = Math.Max(0, from); r < to; r++)
        {
            double s = series.Values[(r * series.Features) + flow] / 50.0;
            sum += Math.Abs(series.Values[(r * series.Features) + pressure] - (1 + (4 * s * s)));
        }

        return sum / (to - Math.Max(0, from));
    }

    private static double Correlation(SyntheticSeries series, string a, string b)
    {
        int ia = series.FeatureNames.ToList().IndexOf(a);
        int ib = series.FeatureNames.ToList().IndexOf(b);
        double[] x = [.. Enumerable.Range(0, series.Rows).Select(r => (double)series.Values[(r * series.Features) + ia])];
        double[] y = [.. Enumerable.Range(0, series.Rows).Select(r => (double)series.Values[(r * series.Features) + ib])];
        double mx = x.Average();
        double my = y.Average();
        double sxy = x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my));
        return sxy / Math.Sqrt(x.Sum(v => (v - mx) * (v - mx)) * y.Sum(v => (v - my) * (v - my)));
    }
}
