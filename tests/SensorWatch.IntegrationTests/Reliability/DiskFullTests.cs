using System.Globalization;
using System.Text;
using Confluent.Kafka;
using SensorWatch.Core.Snapshots;
using SensorWatch.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SensorWatch.IntegrationTests.Reliability;

/// <summary>
/// notes/reliability.md §7.2 #14: the disk fills up during a model save. The worker's model store is a real 256 KiB
/// tmpfs; after the first model is trained and saved, the file system is filled, and a new verified model arrives on the
/// models topic. It is swapped in (serving needs no disk) but its save fails with the kernel's ENOSPC: the failure
/// must be logged, the previous snapshot must stay byte-identical (atomic temp + fsync + rename), no temp file may be
/// left behind, and scoring must go on (ledger: nothing lost). Once space is back, a restarted worker re-reads the
/// models topic and persists the new model. The failed save moves <c>sensorwatch_model_save_failures_total</c> (0 → ≥ 1,
/// error_type disk_full) on the worker's <c>/metrics</c>.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class DiskFullTests(ITestOutputHelper output)
{
    private const string SaveFailures = "sensorwatch_model_save_failures_total";

    [TmpfsFact]
    public async Task Worker_DiskFullDuringModelSave_PreviousSnapshotIntactAndScoringGoesOn()
    {
        using SmallTmpfs disk = SmallTmpfs.Mount(256);
        await using ChildWorkerWorld world = await ChildWorkerWorld.StartAsync();
        using IProducer<byte[], byte[]> producer = world.CreateProducer();
        List<LedgerInput> inputs = LedgerGenerator.Create(300, sensors: 8, badEvery: 25);
        Dictionary<string, object> store = new() { ["ModelStore"] = disk.Path };
        string file = Path.Combine(disk.Path, "default.swm");

        await LedgerGenerator.ProduceAsync(producer, world.Windows, inputs[..100]);
        SensorWatchProcess worker = world.StartWorker("disk", worker: store);
        using WorkerEndpoints endpoints = await WorkerEndpoints.FindAsync(worker);
        await worker.WaitForLineAsync(line => line.Contains("trained in", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        world.Ledger.Collect([.. inputs[..100].Select(input => input.Id)], TimeSpan.FromSeconds(60), TimeSpan.Zero);
        byte[] before = await WaitForFileAsync(file);
        long filled = disk.Fill();
        double saveFailures0 = await endpoints.MetricAsync(SaveFailures);

        byte[] published = LedgerModels.Snapshot(LedgerGenerator.Steps, LedgerGenerator.Features, "disk-full-v2");
        await producer.ProduceAsync(world.Models, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes("default"), Value = published });
        string failed = await worker.WaitForLineAsync(line => line.Contains("Could not save model", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        double saveFailures1 = await endpoints.MetricAsync(SaveFailures);
        bool diskFullLabel = (await endpoints.MetricsTextAsync()).Contains("error_type=\"disk_full\"", StringComparison.Ordinal);
        await LedgerGenerator.ProduceAsync(producer, world.Windows, inputs[100..200]);
        world.Ledger.Collect([.. inputs[..200].Select(input => input.Id)], TimeSpan.FromSeconds(60), TimeSpan.Zero);
        byte[] during = await File.ReadAllBytesAsync(file);
        string[] leftovers = [.. Directory.EnumerateFiles(disk.Path).Select(Path.GetFileName).Where(name => name!.EndsWith(".tmp", StringComparison.Ordinal))!];
        worker.Terminate();
        int exitCode = await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));

        disk.Free();
        await LedgerGenerator.ProduceAsync(producer, world.Windows, inputs[200..]);
        SensorWatchProcess restarted = world.StartWorker("disk-restarted", worker: store);
        List<LedgerOutcome> outcomes = world.Ledger.Collect([.. inputs.Select(input => input.Id)], TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2));
        await restarted.WaitForLineAsync(line => line.Contains("disk-full-v2", StringComparison.Ordinal) && line.Contains("swapping in", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        string after = await WaitForVersionAsync(file, "disk-full-v2");
        restarted.Terminate();
        int restartedExit = await restarted.WaitForExitAsync(TimeSpan.FromSeconds(30));

        LedgerReport report = Ledger.Reconcile("disk full (256 KiB tmpfs) during a model save", 1, inputs, outcomes);
        IReadOnlyList<string> violations = report.Violations(maxDuplicatesPerId: 1, maxTotalDuplicates: ChildWorkerWorld.BatchSize * ChildWorkerWorld.Partitions);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"filled {filled} bytes; {failed.Trim()}\n{SaveFailures}: {saveFailures0} -> {saveFailures1} (disk_full label: {diskFullLabel})\nsnapshot {before.Length} bytes, unchanged during the fault: {before.AsSpan().SequenceEqual(during)}; temp files left: {leftovers.Length}; after space came back: {after}\n{LedgerReport.Header}\n{report} | {(violations.Count == 0 ? "pass" : "FAIL")}"));
        Assert.Contains("No space left on device", failed, StringComparison.Ordinal);
        Assert.Equal(0, saveFailures0);
        Assert.True(saveFailures1 >= 1, $"{SaveFailures} did not move: {saveFailures1}");
        Assert.True(diskFullLabel, "the failed save is not labelled disk_full");
        Assert.True(before.AsSpan().SequenceEqual(during), "the previous snapshot changed while the disk was full");
        Assert.Empty(leftovers);
        Assert.True(violations.Count == 0, report + "\n" + string.Join("\n", violations) + "\n" + worker.Output);
        Assert.Equal(0, exitCode);
        Assert.Equal(0, restartedExit);
    }

    /// <summary>The store's first snapshot: it is written just after the "trained in" line, so wait for it (30 s at most).</summary>
    private static async Task<byte[]> WaitForFileAsync(string file)
    {
        for (int attempt = 0; attempt < 300 && !File.Exists(file); attempt++)
        {
            await Task.Delay(100);
        }

        return await File.ReadAllBytesAsync(file);
    }

    /// <summary>Waits until the store's snapshot is the model of version <paramref name="version"/>; returns its description.</summary>
    private static async Task<string> WaitForVersionAsync(string file, string version)
    {
        string seen = "";
        for (int attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                seen = ModelSnapshot.Read(file).Metadata.Lineage.TryGetValue("version", out string? found) ? found : "(no version)";
                if (seen == version)
                {
                    return $"store holds {version}";
                }
            }
            catch (Exception exception) when (exception is ModelSnapshotException or IOException)
            {
                seen = exception.Message;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the store never held {version}; last seen: {seen}");
    }
}
