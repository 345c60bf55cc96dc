using SensorWatch.Core.Retraining;
using SensorWatch.Core.Scoring;
using SensorWatch.Core.Snapshots;
using SensorWatch.Core.Tests.Scoring;

namespace SensorWatch.Core.Tests.Retraining;

public sealed class ModelStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("swstore").FullName;

    private static byte[] Snapshot(string trigger) => ModelSnapshot.ToBytes(TinyDetector.Detector.WithMetadata(TinyDetector.Detector.Metadata with
    {
        Lineage = new Dictionary<string, string> { ["trigger"] = trigger },
    }));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Add_TwoVersions_SecondCurrentWithFirstAsPreviousAndNoTempFiles()
    {
        ModelStore store = new(_root);
        Assert.Equal(1, store.Add("pump", Snapshot("a")));
        Assert.Equal(2, store.Add("pump", Snapshot("b")));
        Assert.Equal(new ModelPointer(2, false, 1), store.Pointer("pump"));
        Assert.Equal(["pump"], store.Keys());
        Assert.Equal([1, 2], store.Versions("pump"));
        Assert.Equal(["current", "v1.swm", "v2.swm"], Directory.GetFiles(Path.Combine(_root, "pump")).Select(Path.GetFileName).Order());
        (int version, AnomalyDetector detector) = store.LoadCurrent("pump")!.Value;
        Assert.Equal(2, version);
        Assert.Equal("b", detector.Metadata.Lineage["trigger"]);
        Assert.Equal(Snapshot("b"), store.ReadBytes("pump", 2));
    }

    [Fact]
    public void Add_CorruptBytes_ThrowsChecksumMismatchAndStoresNothing()
    {
        ModelStore store = new(_root);
        store.Add("pump", Snapshot("a"));
        byte[] bad = Snapshot("b");
        bad[^3] ^= 0x40;
        ModelSnapshotException error = Assert.Throws<ModelSnapshotException>(() => store.Add("pump", bad));
        Assert.Equal(SnapshotErrorKind.ChecksumMismatch, error.Kind);
        Assert.Equal([1], store.Versions("pump"));
        Assert.Equal(1, store.Pointer("pump")!.Version);
    }

    [Fact]
    public void Pin_TruncatedVersion_ThrowsTruncatedAndCurrentStays()
    {
        ModelStore store = new(_root);
        store.Add("pump", Snapshot("a"));
        store.Add("pump", Snapshot("b"));
        store.Pin("pump", 2);
        byte[] bytes = File.ReadAllBytes(store.VersionPath("pump", 1));
        File.WriteAllBytes(store.VersionPath("pump", 1), bytes[..(bytes.Length / 2)]);
        ModelSnapshotException error = Assert.Throws<ModelSnapshotException>(() => store.Pin("pump", 1));
        Assert.Equal(SnapshotErrorKind.Truncated, error.Kind);
        Assert.Equal(new ModelPointer(2, true, 1), store.Pointer("pump"));
        Assert.Throws<ModelSnapshotException>(() => store.Rollback("pump"));
        Assert.Equal(2, store.LoadCurrent("pump")!.Value.Version);
        ModelVersionInfo[] list = [.. store.List("pump")];
        Assert.Equal(SnapshotErrorKind.Truncated, list[0].Error);
        Assert.Null(list[1].Error);
        Assert.True(list[1].IsCurrent);
    }

    [Fact]
    public void Rollback_AfterPromotion_ServesPreviousPinnedAndNewVersionsWaitUntilUnpin()
    {
        ModelStore store = new(_root);
        store.Add("pump", Snapshot("a"));
        store.Add("pump", Snapshot("b"));
        Assert.Equal(new ModelPointer(1, true, null), store.Rollback("pump"));
        Assert.Equal(3, store.Add("pump", Snapshot("c")));
        Assert.Equal(1, store.Pointer("pump")!.Version);
        store.Unpin("pump");
        Assert.Equal(4, store.Add("pump", Snapshot("d")));
        Assert.Equal(new ModelPointer(4, false, 1), store.Pointer("pump"));
        Assert.Equal(1, store.Rollback("pump").Version);
    }

    [Fact]
    public void Rollback_OnlyVersion_ThrowsStoreException()
    {
        ModelStore store = new(_root);
        store.Add("pump", Snapshot("a"));
        Assert.Contains("nothing to roll back", Assert.Throws<ModelStoreException>(() => store.Rollback("pump")).Message, StringComparison.Ordinal);
        Assert.Throws<ModelStoreException>(() => new ModelStore(_root).Rollback("other"));
    }

    [Fact]
    public void Pin_UnknownVersion_ThrowsListingStoredVersions()
    {
        ModelStore store = new(_root);
        store.Add("pump", Snapshot("a"));
        Assert.Contains("stored: v1", Assert.Throws<ModelStoreException>(() => store.Pin("pump", 7)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pointer_Garbage_ThrowsStoreExceptionNamingTheFix()
    {
        ModelStore store = new(_root);
        store.Add("pump", Snapshot("a"));
        File.WriteAllText(Path.Combine(_root, "pump", "current"), "{not json");
        Assert.Contains("model pin", Assert.Throws<ModelStoreException>(() => store.LoadCurrent("pump")).Message, StringComparison.Ordinal);
        Assert.Equal(new ModelPointer(1, true, null), store.Pin("pump", 1) with { Previous = null });
    }

    [Fact]
    public void Keys_StoreOrKeyFolderIsAFile_ThrowsStoreException()
    {
        string file = Path.Combine(_root, "not-a-folder");
        File.WriteAllText(file, "x");
        Assert.Throws<ModelStoreException>(() => new ModelStore(file).Keys());
        Assert.Throws<ModelStoreException>(() => new ModelStore(_root).Versions("not-a-folder"));
        Assert.Throws<ModelStoreException>(() => new ModelStore(file).Add("pump", Snapshot("a")));
    }

    [Fact]
    public void Keys_MissingStore_Empty()
    {
        Assert.Empty(new ModelStore(Path.Combine(_root, "absent")).Keys());
        Assert.Null(new ModelStore(_root).LoadCurrent("pump"));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("")]
    public void Add_UnsafeKey_Throws(string key)
    {
        Assert.ThrowsAny<Exception>(() => new ModelStore(_root).Add(key, Snapshot("a")));
        Assert.False(ModelStore.IsValidKey(key));
    }
}
