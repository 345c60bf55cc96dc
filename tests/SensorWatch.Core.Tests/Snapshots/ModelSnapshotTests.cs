using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using SensorWatch.Core.Scoring;
using SensorWatch.Core.Snapshots;
using SensorWatch.Core.Tests.Scoring;

namespace SensorWatch.Core.Tests.Snapshots;

public sealed class ModelSnapshotTests
{
    [Fact]
    public void FromBytes_WrittenDetector_RoundTripsBitExact()
    {
        AnomalyDetector detector = TinyDetector.Detector.WithMetadata(TinyDetector.Detector.Metadata with
        {
            Lineage = new Dictionary<string, string> { ["parent"] = "v3", ["trigger"] = "schedule" },
        });
        byte[] bytes = ModelSnapshot.ToBytes(detector);
        AnomalyDetector read = ModelSnapshot.FromBytes(bytes);
        Assert.Equal(bytes, ModelSnapshot.ToBytes(read));
        for (int i = 0; i < detector.Model.Parameters.Count; i++)
        {
            Assert.Equal(detector.Model.Parameters[i].Data, read.Model.Parameters[i].Data);
        }

        Assert.Equal(detector.Calibration, read.Calibration);
        Assert.Equal("v3", read.Metadata.Lineage["parent"]);
        Assert.Equal(detector.Metadata.TrainLosses, read.Metadata.TrainLosses);
        float[] windows = TinyDetector.Windows(3, seed: 31);
        WindowScore[] a = new WindowScore[3], b = new WindowScore[3];
        detector.CreateScorer(3).Score(windows, 3, a, default, default);
        read.CreateScorer(3).Score(windows, 3, b, default, default);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Read_WrittenFile_RoundTripsAndLeavesNoTempFile()
    {
        string directory = Directory.CreateTempSubdirectory("swm").FullName;
        try
        {
            string path = Path.Combine(directory, "model.swm");
            ModelSnapshot.Write(TinyDetector.Detector, path);
            Assert.Equal(ModelSnapshot.ToBytes(TinyDetector.Detector), ModelSnapshot.ToBytes(ModelSnapshot.Read(path)));
            Assert.Single(Directory.GetFiles(directory));
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }

    [Fact]
    public void FromBytes_HeaderShapeDisagreesWithArchitecture_ThrowsShapeMismatch()
    {
        byte[] bytes = ModelSnapshot.ToBytes(TinyDetector.Detector);
        string json = HeaderOf(bytes);
        string edited = json.Replace("\"hidden\":12", "\"hidden\":13", StringComparison.Ordinal);
        Assert.NotEqual(json, edited);
        ModelSnapshotException error = Assert.Throws<ModelSnapshotException>(() => ModelSnapshot.FromBytes(Rebuild(bytes, edited), "m.swm"));
        Assert.Equal(SnapshotErrorKind.ShapeMismatch, error.Kind);
        Assert.Contains("expected", error.Message, StringComparison.Ordinal);
        Assert.Contains("Retrain", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromBytes_HeaderWithoutScoring_ThrowsInvalidHeader()
    {
        byte[] bytes = ModelSnapshot.ToBytes(TinyDetector.Detector);
        string edited = HeaderOf(bytes).Replace("\"scoring\":", "\"scoringX\":", StringComparison.Ordinal);
        ModelSnapshotException error = Assert.Throws<ModelSnapshotException>(() => ModelSnapshot.FromBytes(Rebuild(bytes, edited), "m.swm"));
        Assert.Equal(SnapshotErrorKind.InvalidHeader, error.Kind);
        Assert.Contains("no 'scoring'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromBytes_CorruptedWeight_ThrowsChecksumMismatch()
    {
        byte[] bytes = ModelSnapshot.ToBytes(TinyDetector.Detector);
        bytes[^7] ^= 1;
        Assert.Equal(SnapshotErrorKind.ChecksumMismatch, Assert.Throws<ModelSnapshotException>(() => ModelSnapshot.FromBytes(bytes)).Kind);
    }

    [Fact]
    public void FromBytes_Truncated_ThrowsTruncated()
    {
        byte[] bytes = ModelSnapshot.ToBytes(TinyDetector.Detector);
        Assert.Equal(SnapshotErrorKind.Truncated, Assert.Throws<ModelSnapshotException>(() => ModelSnapshot.FromBytes(bytes.AsSpan(0, bytes.Length / 2))).Kind);
    }

    [Fact]
    public void FromBytes_FormatVersion1FileFromTheOlderBuild_LoadsAndScoresExactlyAsThatBuild()
    {
        byte[] bytes = FormatVersion1Fixture.Model;
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));

        AnomalyDetector detector = ModelSnapshot.FromBytes(bytes, "v1.swm");
        WindowScore[] scores = new WindowScore[FormatVersion1Fixture.Windows];
        detector.CreateScorer(FormatVersion1Fixture.Windows).Score(FormatVersion1Fixture.Values, FormatVersion1Fixture.Windows, scores, default, default);

        Assert.Null(detector.Statistics.Residual);
        Assert.Equal(FormatVersion1Fixture.Scores, scores.Select(s => s.Score));
        Assert.Equal(bytes, ModelSnapshot.ToBytes(detector)); // a model without a residual predictor is still written as version 1
    }

    [Fact]
    public void FromBytes_DetectorWithResidualPredictor_IsVersion2AndRoundTripsScores()
    {
        AnomalyDetector detector = TinyDetector.WithResidual(lags: 3);
        ScoreStatistics statistics = detector.Statistics;

        byte[] bytes = ModelSnapshot.ToBytes(detector);
        AnomalyDetector read = ModelSnapshot.FromBytes(bytes);

        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(bytes, ModelSnapshot.ToBytes(read));
        ResidualPredictor residual = Assert.IsType<ResidualPredictor>(read.Statistics.Residual);
        Assert.Equal(3, residual.Lags);
        Assert.Equal(statistics.ResidualScale, read.Statistics.ResidualScale);
        float[] windows = TinyDetector.Windows(5, seed: 31);
        WindowScore[] a = new WindowScore[5], b = new WindowScore[5];
        detector.CreateScorer(5).Score(windows, 5, a, default, default);
        read.CreateScorer(5).Score(windows, 5, b, default, default);
        Assert.Equal(a, b);

        // The same residual section stamped version 1 is refused: a version-1 reader would have ignored it.
        byte[] stamped = (byte[])bytes.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(stamped.AsSpan(8), 1);
        ModelSnapshotException error = Assert.Throws<ModelSnapshotException>(() => ModelSnapshot.FromBytes(Rebuild(stamped, HeaderOf(stamped)), "m.swm"));
        Assert.Equal(SnapshotErrorKind.InvalidHeader, error.Kind);
        Assert.Contains("version 2", error.Message, StringComparison.Ordinal);
    }

    private static string HeaderOf(byte[] bytes) =>
        Encoding.UTF8.GetString(bytes, SnapshotContainer.PreambleLength, (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12)));

    /// <summary>Replaces the header and recomputes lengths and checksum, as a buggy writer would.</summary>
    private static byte[] Rebuild(byte[] bytes, string header)
    {
        int oldLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        byte[] json = Encoding.UTF8.GetBytes(header);
        byte[] weights = bytes[(SnapshotContainer.PreambleLength + oldLength)..];
        byte[] file = [.. bytes[..SnapshotContainer.PreambleLength], .. json, .. weights];
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(12), (uint)json.Length);
        SHA256.HashData(file.AsSpan(SnapshotContainer.PreambleLength), file.AsSpan(24, 32));
        return file;
    }
}
