using SensorWatch.Telemetry;

namespace SensorWatch.IntegrationTests.Telemetry;

/// <summary>Calls every recording method once, so every instrument has at least one point to export.</summary>
internal static class TelemetryRecorder
{
    public static void RecordEverything(SensorWatchTelemetry telemetry, DateTimeOffset now)
    {
        telemetry.RecordMessagesConsumed("sensor.windows", 4);
        telemetry.RecordWindowsConsumed(4);
        telemetry.RecordWindowsScored("pump", 2);
        telemetry.RecordWindowsUnscored("fan", UnscoredReason.Probation);
        telemetry.RecordDeadLetter("malformed_json");
        telemetry.RecordBatch("pump", 2, TimeSpan.FromMilliseconds(4));
        telemetry.RecordWindowScore("pump", 0.7, anomalous: true);
        telemetry.RecordWindowScore("pump", 0.1, anomalous: false);
        telemetry.RecordAlertOpened("pump");
        telemetry.RecordAlertResolved("pump");
        telemetry.RecordCommitFailure("Local_TimedOut");
        telemetry.RecordDeliveryFailure("sensor.alerts", "Local_MsgTimedOut");
        telemetry.RecordRebalance(RebalanceKind.Assigned);
        telemetry.RecordRetrain("pump", RetrainOutcome.Promoted, TimeSpan.FromSeconds(3), 512, retrain: 2);
        telemetry.RecordRetrain("pump", RetrainOutcome.Rejected, TimeSpan.FromSeconds(2), 512, "worse_than_current");
        telemetry.RecordTrainingLoss("pump", 0.02, 0.03);
        telemetry.RecordFeedbackVerdict("pump", "v4", confirmed: true);
        telemetry.RecordFeedbackVerdict("pump", "v4", confirmed: false);
        telemetry.SetModelStatusSource(() => [new ModelStatus("pump", 4, 0.5, now.AddHours(-2))]);
        telemetry.SetTrainerStatusSource(() => [new TrainerStatus("pump", "watching", 600)]);
        if (!telemetry.UpdateConsumerLag("""{"topics":{"sensor.windows":{"partitions":{"0":{"consumer_lag":7},"1":{"consumer_lag":0}}}}}""", out string? error))
        {
            throw new InvalidOperationException(error);
        }
    }
}
