using System.CommandLine;
using SensorWatch.Cli;
using SensorWatch.Core.Preprocessing;
using SensorWatch.Core.Retraining;
using SensorWatch.Core.Scoring;
using SensorWatch.Core.Snapshots;
using SensorWatch.Core.Training;

namespace SensorWatch.IntegrationTests.Retraining;

/// <summary><c>sensorwatch model ...</c> run in-process through its parser against a real store folder.</summary>
public sealed class ModelCommandTests : IDisposable
{
    private static readonly Lazy<byte[]> s_model = new(TrainTiny);
    private readonly string _root = Directory.CreateTempSubdirectory("swmodelcli").FullName;

    /// <summary>A tiny trained model (D=2, T=8) as snapshot bytes, shared with the models-topic tests.</summary>
    internal static byte[] TinyModelBytes => s_model.Value;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Import_ThenList_ShowsKeyAndVersions()
    {
        string file = WriteModel("a.swm");
        Assert.Equal(0, Run(out string imported, out _, "import", "--store", _root, "--key", "pump", "--file", file));
        Assert.Contains("pump v1 (now served)", imported, StringComparison.Ordinal);
        Run(out _, out _, "import", "--store", _root, "--key", "pump", "--file", file);
        Assert.Equal(0, Run(out string keys, out _, "list", "--store", _root));
        Assert.Contains("pump\tv2\tno\t2", keys, StringComparison.Ordinal);
        Assert.Equal(0, Run(out string versions, out _, "list", "--store", _root, "--key", "pump"));
        Assert.Contains("v1\t\t", versions, StringComparison.Ordinal);
        Assert.Contains("v2\tyes\t", versions, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_CurrentVersion_PrintsArchitectureTrainingAndLineage()
    {
        new ModelStore(_root).Add("pump", s_model.Value);
        Assert.Equal(0, Run(out string shown, out _, "show", "--store", _root, "--key", "pump"));
        Assert.Contains("model pump v1", shown, StringComparison.Ordinal);
        Assert.Contains("architecture: D=2 T=8", shown, StringComparison.Ordinal);
        Assert.Contains("lineage.trigger: test", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void PinRollbackUnpin_ChangeServedVersion()
    {
        ModelStore store = new(_root);
        store.Add("pump", s_model.Value);
        store.Add("pump", s_model.Value);
        Assert.Equal(0, Run(out string rolled, out _, "rollback", "--store", _root, "--key", "pump"));
        Assert.Contains("serving v1 (pinned)", rolled, StringComparison.Ordinal);
        Assert.Equal(0, Run(out string pinned, out _, "pin", "--store", _root, "--key", "pump", "--version", "2"));
        Assert.Contains("serving v2 (pinned), previous v1", pinned, StringComparison.Ordinal);
        Assert.Equal(0, Run(out _, out _, "unpin", "--store", _root, "--key", "pump"));
        Assert.Equal(new ModelPointer(2, false, 1), store.Pointer("pump"));
    }

    [Fact]
    public void Import_CorruptFile_ExitsOneWithKindAndKeepsCurrent()
    {
        new ModelStore(_root).Add("pump", s_model.Value);
        string file = Path.Combine(_root, "bad.swm");
        File.WriteAllBytes(file, s_model.Value[..100]);
        Assert.Equal(1, Run(out _, out string error, "import", "--store", _root, "--key", "pump", "--file", file));
        Assert.Contains("[Truncated]", error, StringComparison.Ordinal);
        Assert.Equal(new ModelPointer(1, false, null), new ModelStore(_root).Pointer("pump"));
    }

    [Fact]
    public void List_CorruptCurrentVersion_ReportsItAndExitsOne()
    {
        ModelStore store = new(_root);
        store.Add("pump", s_model.Value);
        byte[] bytes = File.ReadAllBytes(store.VersionPath("pump", 1));
        bytes[^1] ^= 1;
        File.WriteAllBytes(store.VersionPath("pump", 1), bytes);
        Assert.Equal(1, Run(out string listed, out _, "list", "--store", _root, "--key", "pump"));
        Assert.Contains("corrupt (ChecksumMismatch)", listed, StringComparison.Ordinal);
        Assert.Equal(1, Run(out _, out string error, "show", "--store", _root, "--key", "pump"));
        Assert.Contains("[ChecksumMismatch]", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_Version_WritesIdenticalVerifiedFile()
    {
        new ModelStore(_root).Add("pump", s_model.Value);
        string target = Path.Combine(_root, "out", "exported.swm");
        Assert.Equal(0, Run(out _, out _, "export", "--store", _root, "--key", "pump", "--version", "1", "--out", target));
        Assert.Equal(s_model.Value, File.ReadAllBytes(target));
    }

    [Fact]
    public void Rollback_UnknownKeyOrBadKey_ExitsOneWithMessage()
    {
        Assert.Equal(1, Run(out _, out string error, "rollback", "--store", _root, "--key", "absent"));
        Assert.Contains("nothing to roll back", error, StringComparison.Ordinal);
        Assert.Equal(1, Run(out _, out string bad, "pin", "--store", _root, "--key", "../x", "--version", "1"));
        Assert.Contains("not usable as a store folder", bad, StringComparison.Ordinal);
    }

    [Fact]
    public void List_StoreIsAFile_ExitsOne()
    {
        string file = Path.Combine(_root, "file");
        File.WriteAllText(file, "x");
        Assert.Equal(1, Run(out _, out string error, "list", "--store", file));
        Assert.Contains("is a file", error, StringComparison.Ordinal);
    }

    private string WriteModel(string name)
    {
        string path = Path.Combine(_root, name);
        File.WriteAllBytes(path, s_model.Value);
        return path;
    }

    private static int Run(out string output, out string error, params string[] args)
    {
        using StringWriter outWriter = new(), errWriter = new();
        int code = ModelCommand.Create(outWriter, errWriter).Parse(args).Invoke();
        output = outWriter.ToString();
        error = errWriter.ToString();
        return code;
    }

    private static byte[] TrainTiny()
    {
        const int rows = 300, d = 2;
        Random random = new(5);
        float[] values = new float[rows * d];
        for (int r = 0; r < rows; r++)
        {
            values[r * d] = (float)(Math.Sin(2 * Math.PI * r / 16) + (0.05 * random.NextDouble()));
            values[(r * d) + 1] = (float)(Math.Cos(2 * Math.PI * r / 16) + (0.05 * random.NextDouble()));
        }

        SensorTable table = new(["a", "b"], [.. Enumerable.Range(0, rows).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))], values);
        DetectorOptions options = new()
        {
            WindowLength = 8,
            Stride = 2,
            Hidden = 6,
            Latent = 3,
            Training = new TrainingOptions { Epochs = 3, BatchSize = 16, LearningRate = 1e-2f, Seed = 3, Threads = 1, Patience = 0 },
            TargetFalseAlarmRate = 0.01,
            Lineage = new Dictionary<string, string> { ["trigger"] = "test" },
        };
        return ModelSnapshot.ToBytes(AnomalyDetector.Train(table, options));
    }
}
