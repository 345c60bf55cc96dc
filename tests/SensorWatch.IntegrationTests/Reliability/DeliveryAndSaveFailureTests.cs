using Confluent.Kafka;
using SensorWatch.Core.Snapshots;
using SensorWatch.IntegrationTests.Infrastructure;
using SensorWatch.IntegrationTests.Telemetry;
using SensorWatch.Kafka;
using SensorWatch.Roles.Scorer;
using SensorWatch.Telemetry;

namespace SensorWatch.IntegrationTests.Reliability;

/// <summary>
/// The two small rules behind the unconfirmed-delivery and save-failure metrics, without Kafka: which delivery report
/// is "not known to be written", and how a failed model save is classified and counted.
/// </summary>
public sealed class DeliveryAndSaveFailureTests
{
    [Fact]
    public void IsUnconfirmed_SuccessWithoutOffset_True()
    {
        Assert.True(OutputPublisher.IsUnconfirmed(Report(ErrorCode.NoError, Offset.Unset)));
    }

    [Fact]
    public void IsUnconfirmed_SuccessWithOffsetOrAnError_False()
    {
        Assert.False(OutputPublisher.IsUnconfirmed(Report(ErrorCode.NoError, new Offset(0))));
        Assert.False(OutputPublisher.IsUnconfirmed(Report(ErrorCode.NoError, new Offset(41))));
        Assert.False(OutputPublisher.IsUnconfirmed(Report(ErrorCode.Local_MsgTimedOut, Offset.Unset)));
    }

    [Fact]
    public void ErrorType_KnownCauses_DiskFullPermissionDeniedOrIoError()
    {
        Assert.Equal("disk_full", DirectoryModelStore.ErrorType(new IOException("No space left on device", 28)));
        Assert.Equal("disk_full", DirectoryModelStore.ErrorType(new IOException("write failed", unchecked((int)0x80070070))));
        Assert.Equal("permission_denied", DirectoryModelStore.ErrorType(new UnauthorizedAccessException("Access to the path is denied.")));
        Assert.Equal("disk_full", DirectoryModelStore.ErrorType(new InvalidOperationException("store", new IOException("No space left on device", 28))));
        Assert.Equal("io_error", DirectoryModelStore.ErrorType(new IOException("Not a directory", 20)));
        Assert.Equal("io_error", DirectoryModelStore.ErrorType(new InvalidOperationException("no inner")));
    }

    [Fact]
    public void Save_StoreDirectoryIsAFile_CountedWithModelKeyAndRethrown()
    {
        string directory = Path.Combine(Path.GetTempPath(), TopicNames.Unique("sw-save"));
        Directory.CreateDirectory(directory);
        try
        {
            string snapshot = Path.Combine(directory, "model.swm");
            File.WriteAllBytes(snapshot, LedgerModels.Snapshot(LedgerGenerator.Steps, LedgerGenerator.Features, "save-v1"));
            DetectorScoringModel model = new("pump", ModelSnapshot.Read(snapshot));
            string notADirectory = Path.Combine(directory, "store-is-a-file");
            File.WriteAllText(notADirectory, "");
            using SensorWatchTelemetry telemetry = new($"SensorWatch.Test.{Guid.NewGuid():N}");
            using MeasurementCapture capture = new(telemetry.Meter);

            Assert.ThrowsAny<IOException>(() => new DirectoryModelStore(notADirectory, telemetry).Save(model));

            (double value, Dictionary<string, string?> tags) = Assert.Single(capture.Of(InstrumentNames.ModelSaveFailures), m => m.Value > 0);
            Assert.Equal(1, value);
            Assert.Equal("pump", tags[TelemetryTags.ModelKey]);
            Assert.Equal("io_error", tags[TelemetryTags.ErrorType]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static DeliveryReport<byte[], byte[]> Report(ErrorCode code, Offset offset) => new()
    {
        Error = new Error(code),
        Status = code == ErrorCode.NoError ? PersistenceStatus.Persisted : PersistenceStatus.NotPersisted,
        TopicPartitionOffset = new TopicPartitionOffset("scores", 0, offset),
    };
}
