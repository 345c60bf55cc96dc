using SensorWatch.Core.Snapshots;

namespace SensorWatch.Core.Tests.Snapshots;

public sealed class SnapshotContainerTests
{
    private static readonly byte[] s_header = "{\"a\":1}"u8.ToArray();
    private static readonly float[] s_weights = [1.5f, -0f, float.Epsilon, 3.4e38f, 0.1f];

    [Fact]
    public void Open_BuiltFile_ReturnsHeaderAndWeightsBitExact()
    {
        byte[] file = SnapshotContainer.Build(s_header, s_weights);
        (byte[] header, float[] weights) = SnapshotContainer.Open(file, "m");
        Assert.Equal(s_header, header);
        Assert.Equal(s_weights.Select(BitConverter.SingleToInt32Bits), weights.Select(BitConverter.SingleToInt32Bits));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(60)]
    [InlineData(1)]
    public void Open_TruncatedFile_ThrowsTruncated(int cut)
    {
        byte[] file = SnapshotContainer.Build(s_header, s_weights);
        ModelSnapshotException error = Assert.Throws<ModelSnapshotException>(() => SnapshotContainer.Open(file.AsSpan(0, file.Length - cut), "m.swm"));
        Assert.Equal(SnapshotErrorKind.Truncated, error.Kind);
        Assert.Contains("expected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_FlippedWeightBit_ThrowsChecksumMismatch()
    {
        byte[] file = SnapshotContainer.Build(s_header, s_weights);
        file[^3] ^= 0x10;
        ModelSnapshotException error = Assert.Throws<ModelSnapshotException>(() => SnapshotContainer.Open(file, "m.swm"));
        Assert.Equal(SnapshotErrorKind.ChecksumMismatch, error.Kind);
        Assert.Contains("retrain", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_OtherFile_ThrowsWrongMagic()
    {
        ModelSnapshotException error = Assert.Throws<ModelSnapshotException>(() => SnapshotContainer.Open("timestamp,a\n1,2\n"u8, "data.csv"));
        Assert.Equal(SnapshotErrorKind.WrongMagic, error.Kind);
        Assert.Contains("74696D657374616D", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_FutureVersion_ThrowsUnsupportedVersionAskingForUpgrade()
    {
        byte[] file = SnapshotContainer.Build(s_header, s_weights);
        file[8] = 9;
        ModelSnapshotException error = Assert.Throws<ModelSnapshotException>(() => SnapshotContainer.Open(file, "m.swm"));
        Assert.Equal(SnapshotErrorKind.UnsupportedVersion, error.Kind);
        Assert.Contains("version 9", error.Message, StringComparison.Ordinal);
        Assert.Contains("Upgrade", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteAtomic_ExistingTarget_ReplacesItAndLeavesNoTempFile()
    {
        string directory = Directory.CreateTempSubdirectory("swm").FullName;
        try
        {
            string path = Path.Combine(directory, "m.swm");
            File.WriteAllText(path, "old");
            SnapshotContainer.WriteAtomic(path, [1, 2, 3]);
            Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
            Assert.Single(Directory.GetFiles(directory));
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }
}
