using SensorWatch.Core.Retraining;

namespace SensorWatch.Core.Tests.Retraining;

public sealed class AcceptedSampleTests
{
    private const long Minute = 60_000;

    private static AcceptedSampleOptions Options(int reservoir = 8, int recent = 4, double top = 0) => new()
    {
        ReservoirSize = reservoir,
        RecentSize = recent,
        AlertMarginMs = 5 * Minute,
        TopScoreFraction = top,
        MinScoreHistory = 10,
        ScoreHistorySize = 100,
        QuarantineCapacity = 64,
    };

    private static SampleWindow Window(string sensor, int minute, double score = 1.0, bool anomalous = false, float value = 0.5f, long offset = -1) =>
        new(sensor, minute * Minute, (minute + 1) * Minute, [value, value], score, anomalous, "sensor.windows", offset >= 0 ? 0 : -1, offset);

    [Fact]
    public void Offer_NoAlertWithinMargin_AdmittedAfterQuarantine()
    {
        AcceptedSample sample = new("pump", Options(), new Random(1));
        sample.Offer(Window("s1", 0));
        Assert.Empty(sample.Reservoir);
        Assert.Equal(1, sample.QuarantinedCount);
        sample.Offer(Window("s1", 6)); // ends at 7 min ≥ 1 min + 5 min margin: the first is released
        Assert.Single(sample.Reservoir);
        Assert.Equal(1, sample.Composition.Admitted(SampleSource.ScoredNormal));
    }

    [Fact]
    public void ReportAlert_WindowsBeforeAndAfterWithinMargin_Excluded()
    {
        AcceptedSample sample = new("pump", Options(), new Random(1));
        sample.Offer(Window("s1", 0));   // ends 1 min: 9 min before the alert, outside the margin
        sample.Offer(Window("s1", 7));   // ends 8 min: within 5 min before the alert at 10
        sample.Offer(Window("s1", 9));
        sample.ReportAlert("s1", 10 * Minute);
        sample.Offer(Window("s1", 12));  // starts 2 min after the alert
        sample.Offer(Window("s1", 16));  // starts 6 min after: outside
        sample.Flush(60 * Minute);
        Assert.Equal(3, sample.Composition.Excluded(ExclusionReason.NearAlert));
        Assert.Equal([0L, 16 * Minute], sample.Reservoir.Select(w => w.StartMs).Order());
    }

    [Fact]
    public void ReportAlert_OtherSensor_DoesNotExclude()
    {
        AcceptedSample sample = new("pump", Options(), new Random(1));
        sample.Offer(Window("s2", 9));
        sample.ReportAlert("s1", 10 * Minute);
        sample.Flush(60 * Minute);
        Assert.Single(sample.Reservoir);
        Assert.Equal(0, sample.Composition.Excluded(ExclusionReason.NearAlert));
    }

    [Fact]
    public void SetMaintenance_Active_DropsQuarantineAndKeepsNewWindowsOutUntilEnd()
    {
        AcceptedSample sample = new("pump", Options(), new Random(1));
        sample.Offer(Window("s1", 0));
        sample.SetMaintenance("s1", true);
        sample.Offer(Window("s1", 10));
        sample.SetMaintenance("s1", false);
        sample.Offer(Window("s1", 20));
        sample.Flush(60 * Minute);
        Assert.Equal(2, sample.Composition.Excluded(ExclusionReason.Maintenance));
        Assert.Equal(20 * Minute, Assert.Single(sample.Reservoir).StartMs);
    }

    [Fact]
    public void SetHealthFault_Open_KeepsWindowsOut()
    {
        AcceptedSample sample = new("pump", Options(), new Random(1));
        sample.SetHealthFault("s1", true);
        sample.Offer(Window("s1", 0));
        sample.Flush(60 * Minute);
        Assert.Empty(sample.Reservoir);
        Assert.Equal(1, sample.Composition.Excluded(ExclusionReason.HealthFault));
    }

    [Fact]
    public void Offer_AnomalousOrNonFinite_ExcludedAsNotNormal()
    {
        AcceptedSample sample = new("pump", Options(), new Random(1));
        sample.Offer(Window("s1", 0, anomalous: true));
        sample.Offer(Window("s1", 1, score: double.NaN));
        sample.Offer(Window("s1", 2, value: float.PositiveInfinity));
        sample.Offer(Window("s1", 3, value: float.NaN));
        sample.Flush(60 * Minute);
        Assert.Empty(sample.Reservoir);
        Assert.Equal(4, sample.Composition.Excluded(ExclusionReason.NotNormal));
    }

    [Fact]
    public void Offer_TopScores_ExcludedAfterHistoryFills()
    {
        AcceptedSample sample = new("pump", Options(reservoir: 1000, top: 0.1), new Random(1));
        for (int i = 0; i < 100; i++)
        {
            sample.Offer(Window("s1", i, score: i % 10)); // scores 0..9 repeating
        }

        sample.Offer(Window("s1", 100, score: 50));
        sample.Flush(long.MaxValue / 2);
        Assert.DoesNotContain(sample.Reservoir, w => w.Score == 50);
        Assert.True(sample.Composition.Excluded(ExclusionReason.TopScore) >= 1);
        Assert.Contains(sample.Reservoir, w => w.Score == 8);
    }

    [Fact]
    public void AdmitFalsePositive_AlertedWindow_AdmittedDirectlyWithItsSource()
    {
        AcceptedSample sample = new("pump", Options(), new Random(1));
        sample.ReportAlert("s1", 10 * Minute);
        sample.AdmitFalsePositive(Window("s1", 10, score: 99, anomalous: true));
        Assert.Single(sample.Reservoir);
        Assert.Equal(1, sample.Composition.Admitted(SampleSource.FalsePositiveFeedback));
    }

    [Fact]
    public void Admit_ManyWindows_MemoryBoundedAndRecentHoldsLatest()
    {
        AcceptedSample sample = new("pump", Options(reservoir: 8, recent: 4), new Random(7));
        for (int i = 0; i < 500; i++)
        {
            sample.Offer(Window("s1", i * 10));
        }

        sample.Flush(long.MaxValue / 2);
        Assert.Equal(8, sample.Reservoir.Count);
        Assert.Equal(new long[] { 4960, 4970, 4980, 4990 }.Select(m => m * Minute), sample.Recent().Select(w => w.StartMs));
        Assert.InRange(sample.TrainingWindows().Count, 8, 12);
    }

    [Fact]
    public void Reservoir_SameSeed_SameSampleAndRoughlyUniform()
    {
        long[] Run(int seed)
        {
            AcceptedSample sample = new("pump", Options(reservoir: 100, recent: 1), new Random(seed));
            for (int i = 0; i < 1000; i++)
            {
                sample.AdmitFalsePositive(Window("s1", i));
            }

            return [.. sample.Reservoir.Select(w => w.StartMs / Minute)];
        }

        Assert.Equal(Run(3), Run(3));
        long[] picked = Run(3);
        int firstHalf = picked.Count(m => m < 500);
        Assert.InRange(firstHalf, 30, 70); // uniform: about 50 of 100 from the first half of the stream
    }

    [Fact]
    public void Composition_ToLineage_CountsAndOffsetRanges()
    {
        AcceptedSample sample = new("pump", Options(), new Random(1));
        sample.Offer(Window("s1", 0, offset: 40));
        sample.Offer(Window("s1", 10, offset: 52));
        sample.Offer(Window("s1", 20, anomalous: true, offset: 60));
        sample.Flush(60 * Minute);
        Dictionary<string, string> lineage = sample.Composition.ToLineage(sample.TrainingWindows().Count);
        Assert.Equal("2", lineage["sample.admitted.scoredNormal"]);
        Assert.Equal("0", lineage["sample.admitted.falsePositiveFeedback"]);
        Assert.Equal("1", lineage["sample.excluded.notNormal"]);
        Assert.Equal("40-52", lineage["sample.offsets.sensor.windows/0"]);
        Assert.Equal("2", lineage["sample.size"]);
    }

    [Fact]
    public void Offer_QuarantineFull_OldestDroppedNotAdmitted()
    {
        AcceptedSample sample = new("pump", Options() with { QuarantineCapacity = 2, AlertMarginMs = 1000 * Minute }, new Random(1));
        sample.Offer(Window("s1", 0));
        sample.Offer(Window("s1", 1));
        sample.Offer(Window("s1", 2));
        Assert.Equal(2, sample.QuarantinedCount);
        Assert.Equal(1, sample.Composition.Excluded(ExclusionReason.QuarantineOverflow));
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsListingProblem()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new AcceptedSample("pump", Options() with { ReservoirSize = 0 }, new Random(1)));
        Assert.Contains("ReservoirSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Offer_AnomalousWithAdmitUnalerted_AdmittedWhenNoAlertFollows()
    {
        AcceptedSample sample = new("pump", Options() with { AdmitUnalerted = true, TopScoreFraction = 0.5 }, new Random(1));
        sample.Offer(Window("s1", 0, score: 99, anomalous: true));
        sample.Flush(60 * Minute);
        Assert.Single(sample.Reservoir);
        Assert.Equal(0, sample.Composition.Excluded(ExclusionReason.NotNormal));
    }

    [Fact]
    public void Offer_AnomalousWithAdmitUnalerted_AlertWithinMarginKeepsItOut()
    {
        AcceptedSample sample = new("pump", Options() with { AdmitUnalerted = true }, new Random(1));
        sample.Offer(Window("s1", 0, score: 99, anomalous: true));
        sample.Offer(Window("s1", 1, score: 99, anomalous: true));
        sample.ReportAlert("s1", 2 * Minute);
        sample.Offer(Window("s1", 3, score: 99, anomalous: true));
        sample.Flush(60 * Minute);
        Assert.Empty(sample.Reservoir);
        Assert.Equal(3, sample.Composition.Excluded(ExclusionReason.NearAlert));
    }

    [Fact]
    public void Offer_AnomalousByDefault_StillExcluded()
    {
        Assert.False(new AcceptedSampleOptions().AdmitUnalerted);
        Assert.True(new RetrainingOptions().Sample.AdmitUnalerted);
    }

    [Fact]
    public void Admit_ExponentialPolicy_ReservoirFollowsRecentWindowsWhileUniformKeepsHistory()
    {
        // 50 × ReservoirSize admissions: uniform keeps ~80 % of its slots from the first 80 %; exponential keeps
        // (1 − 1/n)^(0.2 · 50 n) ≈ e^-10 of them, i.e. practically none.
        const int size = 20, total = 1000;
        AcceptedSample uniform = new("pump", Options(reservoir: size), new Random(3));
        AcceptedSample exponential = new("pump", Options(reservoir: size) with { Policy = ReservoirPolicy.Exponential }, new Random(3));
        for (int i = 0; i < total; i++)
        {
            uniform.AdmitFalsePositive(Window("s1", i));
            exponential.AdmitFalsePositive(Window("s1", i));
        }

        int old = (int)(0.8 * total);
        Assert.Equal(size, exponential.Reservoir.Count);
        Assert.True(exponential.Reservoir.Count(w => w.StartMs < old * Minute) <= 1, "exponential kept old windows");
        Assert.True(uniform.Reservoir.Count(w => w.StartMs < old * Minute) >= size / 2, "uniform forgot its history");
    }
}
