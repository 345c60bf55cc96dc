using System.CommandLine;
using SensorWatch.Cli;
using SensorWatch.Core.Retraining;
using SensorWatch.IntegrationTests.Worker;

namespace SensorWatch.IntegrationTests.Retraining;

/// <summary><c>model publish</c> and <c>model rollback --bootstrap</c> reach a running scorer through the models topic.</summary>
public sealed class ModelRollbackTopicTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("swrollback").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact(Timeout = 60_000)]
    public async Task ModelRollback_WithBootstrap_RunningScorerServesPreviousVersion()
    {
        ModelStore store = new(_root);
        store.Add("default", HotSwapModels.Snapshot("rb-1", seed: 6));
        store.Add("default", HotSwapModels.Snapshot("rb-2", seed: 7));
        await using WorkerTestKit kit = await WorkerTestKit.StartAsync(partitions: 2);
        string models = await kit.Kafka.CreateTopicAsync("models", partitions: 1);
        RunningWorker worker = await kit.StartWorkerAsync("w1", s => s["Kafka:Topics:Models"] = models, store: new InMemoryModelStore(TestModels.Default()));
        await worker.WaitUntilAsync(p => p.AssignedPartitions.Count == 2, TimeSpan.FromSeconds(20), "both partitions");

        (int published, string publishOut, string publishErr) = await RunAsync("publish", "--store", _root, "--key", "default", "--bootstrap", kit.Kafka.BootstrapServers, "--topic", models);
        Assert.True(published == 0, publishErr);
        Assert.Contains("published default v2 to " + models, publishOut, StringComparison.Ordinal);
        await ScorerHotSwapTests.ScoreUntilAsync(kit, "p", null, records => records.Any(r => r.Field("modelVersion") == "rb-2"));

        (int rolled, string rollOut, string rollErr) = await RunAsync("rollback", "--store", _root, "--key", "default", "--bootstrap", kit.Kafka.BootstrapServers, "--topic", models);
        Assert.True(rolled == 0, rollErr);
        Assert.Contains("serving v1 (pinned)", rollOut, StringComparison.Ordinal);
        Assert.Contains("published default v1 to " + models, rollOut, StringComparison.Ordinal);
        await ScorerHotSwapTests.ScoreUntilAsync(kit, "r", null, records => records.Any(r => r.Field("modelVersion") == "rb-1"));

        List<OutputView> after = await ScorerHotSwapTests.ScoreUntilAsync(kit, "z", null, records => records.Count(IsAfter) >= 32);
        Assert.Equal(["rb-1"], after.Where(IsAfter).Select(r => r.Field("modelVersion")).Distinct());
        Assert.Null(worker.Exit.Reason);
    }

    private static bool IsAfter(OutputView record) => record.Field("sensorId")?.StartsWith("z-", StringComparison.Ordinal) == true;

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using StringWriter output = new(), error = new();
        int code = await ModelCommand.Create(output, error).Parse(args).InvokeAsync();
        return (code, output.ToString(), error.ToString());
    }
}
