using System.Reflection;
using SensorWatch.Telemetry;

namespace SensorWatch.IntegrationTests.Telemetry;

public sealed class SensorWatchTelemetryTests
{
    [Fact]
    public void PublicMethods_AnyParameter_NeverNamesASensor()
    {
        MethodInfo[] methods = typeof(SensorWatchTelemetry).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly);

        string[] offending = [.. methods.SelectMany(m => m.GetParameters().Select(p => $"{m.Name}({p.Name})"))
            .Where(s => s.Contains("sensor", StringComparison.OrdinalIgnoreCase))];

        Assert.True(methods.Length > 15, "expected the recording API");
        Assert.Empty(offending);
    }

    [Fact]
    public void RecordWindowScore_AnomalousWindow_RecordsScoreAndCountsAnomalyByModelKey()
    {
        using SensorWatchTelemetry telemetry = new(UniqueName());
        using MeasurementCapture capture = new(telemetry.Meter);

        telemetry.RecordWindowScore("pump", 2.5, anomalous: true);
        telemetry.RecordWindowScore("pump", 0.1, anomalous: false);

        Assert.Equal([2.5, 0.1], capture.Of(InstrumentNames.WindowScore).Select(m => m.Value));
        var anomaly = Assert.Single(capture.Of(InstrumentNames.Anomalies));
        Assert.Equal("pump", anomaly.Tags[TelemetryTags.ModelKey]);
    }

    [Fact]
    public void RecordWindowScore_NaNScore_SkipsHistogramButCountsAnomaly()
    {
        using SensorWatchTelemetry telemetry = new(UniqueName());
        using MeasurementCapture capture = new(telemetry.Meter);

        telemetry.RecordWindowScore("pump", double.NaN, anomalous: true);

        Assert.Empty(capture.Of(InstrumentNames.WindowScore));
        Assert.Single(capture.Of(InstrumentNames.Anomalies));
    }

    [Fact]
    public void RecordDeadLetter_MoreDistinctReasonsThanTheCap_FoldsTheRestIntoOther()
    {
        using SensorWatchTelemetry telemetry = new(UniqueName());
        using MeasurementCapture capture = new(telemetry.Meter);

        for (int i = 0; i < 200; i++)
        {
            telemetry.RecordDeadLetter($"reason_{i}");
        }

        string?[] reasons = [.. capture.Of(InstrumentNames.DeadLetters).Select(m => m.Tags[TelemetryTags.ErrorType]).Distinct()];
        Assert.Equal(65, reasons.Length);
        Assert.Contains(CardinalityGuard.Overflow, reasons);
        Assert.Equal(200, capture.Of(InstrumentNames.DeadLetters).Sum(m => m.Value));
    }

    [Fact]
    public void RecordRetrain_Rejected_TagsOutcomeAndReasonAndRecordsDurationAndSamples()
    {
        using SensorWatchTelemetry telemetry = new(UniqueName());
        using MeasurementCapture capture = new(telemetry.Meter);

        telemetry.RecordRetrain("pump", RetrainOutcome.Rejected, TimeSpan.FromSeconds(12), 800, "not_converged");

        var retrain = Assert.Single(capture.Of(InstrumentNames.Retrains));
        Assert.Equal("rejected", retrain.Tags[TelemetryTags.RetrainOutcome]);
        Assert.Equal("not_converged", retrain.Tags[TelemetryTags.ErrorType]);
        Assert.Equal(12, Assert.Single(capture.Of(InstrumentNames.RetrainDuration)).Value);
        Assert.Equal(800, Assert.Single(capture.Of(InstrumentNames.RetrainSamples)).Value);
    }

    [Fact]
    public void RecordRetrain_WithNumber_SetsLastRetrainNumberPerOutcome()
    {
        using SensorWatchTelemetry telemetry = new(UniqueName());
        using MeasurementCapture capture = new(telemetry.Meter);

        telemetry.RecordRetrain("pump", RetrainOutcome.Promoted, TimeSpan.FromSeconds(1), 600, retrain: 3);
        telemetry.RecordRetrain("pump", RetrainOutcome.Rejected, TimeSpan.FromSeconds(1), 650, "worse_on_holdout", retrain: 4);
        telemetry.RecordRetrain("pump", RetrainOutcome.Rejected, TimeSpan.FromSeconds(1), 650, "abandoned");

        var numbers = capture.Of(InstrumentNames.RetrainNumber).ToList();
        Assert.Equal(2, numbers.Count);   // 0 = unknown is not recorded
        Assert.Equal(3, numbers.Single(m => m.Tags[TelemetryTags.RetrainOutcome] == "promoted").Value);
        Assert.Equal(4, numbers.Single(m => m.Tags[TelemetryTags.RetrainOutcome] == "rejected").Value);
        Assert.All(numbers, m => Assert.Equal("pump", m.Tags[TelemetryTags.ModelKey]));
    }

    [Fact]
    public void TrainerGauges_StatusCallback_ReportPhaseAsStateSetAndSampleSizePerKey()
    {
        using SensorWatchTelemetry telemetry = new(UniqueName());
        using MeasurementCapture capture = new(telemetry.Meter);
        telemetry.SetTrainerStatusSource(() => [new TrainerStatus("pump", "shadow", 812), new TrainerStatus("fan", "idle", 40)]);

        capture.Observe();

        var pump = capture.Of(InstrumentNames.TrainerPhase).Where(m => m.Tags[TelemetryTags.ModelKey] == "pump").ToList();
        Assert.Equal(TrainerStatus.Phases, pump.Select(m => m.Tags[TelemetryTags.RetrainPhase]));
        Assert.Equal([0.0, 0, 1, 0], pump.Select(m => m.Value));
        Assert.Equal(1, capture.Of(InstrumentNames.TrainerPhase).Single(m => m.Tags[TelemetryTags.ModelKey] == "fan" && m.Tags[TelemetryTags.RetrainPhase] == "idle").Value);
        Assert.Equal(812, capture.Of(InstrumentNames.TrainerSampleSize).Single(m => m.Tags[TelemetryTags.ModelKey] == "pump").Value);
    }

    [Fact]
    public void TrainerGauges_NoTrainerOrThrowingSource_ReportNothing()
    {
        using SensorWatchTelemetry telemetry = new(UniqueName());
        using MeasurementCapture capture = new(telemetry.Meter);
        capture.Observe();
        Assert.Empty(capture.Of(InstrumentNames.TrainerPhase));

        telemetry.SetTrainerStatusSource(() => throw new InvalidOperationException("collection modified"));
        capture.Observe();
        Assert.Empty(capture.Of(InstrumentNames.TrainerSampleSize));
    }

    [Fact]
    public void ModelGauges_RegistryCallback_ReportVersionThresholdAndAgePerKey()
    {
        ManualTimeProvider clock = new();
        using SensorWatchTelemetry telemetry = new(UniqueName(), clock);
        using MeasurementCapture capture = new(telemetry.Meter);
        telemetry.SetModelStatusSource(() => [new ModelStatus("pump", 7, 0.42, clock.GetUtcNow().AddMinutes(-5)), new ModelStatus("fan", 1, 1.5, clock.GetUtcNow())]);

        capture.Observe();

        Assert.Equal(7, capture.Of(InstrumentNames.ModelVersion).Single(m => m.Tags[TelemetryTags.ModelKey] == "pump").Value);
        Assert.Equal(1.5, capture.Of(InstrumentNames.ModelThreshold).Single(m => m.Tags[TelemetryTags.ModelKey] == "fan").Value);
        Assert.Equal(300, capture.Of(InstrumentNames.ModelAge).Single(m => m.Tags[TelemetryTags.ModelKey] == "pump").Value);
    }

    [Fact]
    public void ModelGauges_ThrowingRegistry_ReportNothingInsteadOfFailing()
    {
        using SensorWatchTelemetry telemetry = new(UniqueName());
        using MeasurementCapture capture = new(telemetry.Meter);
        telemetry.SetModelStatusSource(() => throw new InvalidOperationException("registry busy"));

        capture.Observe();

        Assert.Empty(capture.Of(InstrumentNames.ModelVersion));
    }

    [Fact]
    public void UpdateConsumerLag_MalformedAfterGood_KeepsPreviousSnapshot()
    {
        using SensorWatchTelemetry telemetry = new(UniqueName());
        Assert.True(telemetry.UpdateConsumerLag("""{"topics":{"t":{"partitions":{"3":{"consumer_lag":11}}}}}""", out _));

        bool ok = telemetry.UpdateConsumerLag("{", out string? error);

        Assert.False(ok);
        Assert.NotNull(error);
        Assert.Equal([new PartitionLag("t", 3, 11)], telemetry.ConsumerLag);
    }

    [Fact]
    public void RecordRebalance_Revoked_DropsLagOfPartitionsGivenUp()
    {
        using SensorWatchTelemetry telemetry = new(UniqueName());
        using MeasurementCapture capture = new(telemetry.Meter);
        Assert.True(telemetry.UpdateConsumerLag("""{"topics":{"t":{"partitions":{"0":{"consumer_lag":5}}}}}""", out _));

        telemetry.RecordRebalance(RebalanceKind.Revoked);
        capture.Observe();

        Assert.Empty(capture.Of(InstrumentNames.ConsumerLag));
        Assert.Equal("revoked", Assert.Single(capture.Of(InstrumentNames.Rebalances)).Tags[TelemetryTags.RebalanceKind]);
    }

    [Fact]
    public void ConsumerLagGauge_AfterStatistics_ReportsTopicAndPartitionTags()
    {
        using SensorWatchTelemetry telemetry = new(UniqueName());
        using MeasurementCapture capture = new(telemetry.Meter);
        Assert.True(telemetry.UpdateConsumerLag("""{"topics":{"sensor.windows":{"partitions":{"2":{"consumer_lag":42}}}}}""", out _));

        capture.Observe();

        var lag = Assert.Single(capture.Of(InstrumentNames.ConsumerLag));
        Assert.Equal(42, lag.Value);
        Assert.Equal("sensor.windows", lag.Tags[TelemetryTags.DestinationName]);
        Assert.Equal("2", lag.Tags[TelemetryTags.PartitionId]);
    }

    private static string UniqueName() => $"SensorWatch.Test.{Guid.NewGuid():N}";
}
