using System.Globalization;
using System.Text;
using Confluent.Kafka;
using SensorWatch.Core.Snapshots;
using SensorWatch.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SensorWatch.IntegrationTests.Reliability;

/// <summary>
/// notes/reliability.md §7.2 #13: damaged model files. At start, the model store's snapshot is emptied, truncated,
/// given a wrong magic, a flipped checksum byte or replaced by garbage before each of five worker starts: the worker
/// must refuse it with a reason, not crash, cold-start a fresh model and answer every input. At reload, the same damage
/// (plus a valid snapshot of the wrong shape) arrives on the models topic while a model serves: every one is refused
/// and the serving model keeps scoring (every later window is <c>scored</c>, none dead-lettered, no second training).
/// Unreadable permissions are not tested: the suite runs as root, which reads any file.
/// </summary>
public sealed class ModelFileDamageTests(ITestOutputHelper output)
{
    private static readonly (string Kind, Func<byte[], byte[]> Damage)[] s_damages =
    [
        ("empty", _ => []),
        ("truncated", bytes => bytes[..(bytes.Length / 2)]),
        ("wrong-magic", bytes => Flip(bytes, 0)),
        ("checksum-mismatch", bytes => Flip(bytes, bytes.Length - 1)),
        ("garbage", bytes => [.. Enumerable.Range(0, bytes.Length).Select(i => (byte)((i * 7919) + 13))]),
    ];

    [Theory]
    [EmbeddedKafka]
    [ContainerKafka]
    public async Task Worker_DamagedModelFileAtStart_RefusedColdStartsAgainAndNothingLost(KafkaBackend backend)
    {
        await using ChildWorkerWorld world = await ChildWorkerWorld.StartAsync(backend);
        using IProducer<byte[], byte[]> producer = world.CreateProducer();
        List<LedgerInput> all = LedgerGenerator.Create(50 * (s_damages.Length + 1), sensors: 8, badEvery: 25);
        string file = Path.Combine(world.ModelStore, "default.swm");
        List<string> seen = [];
        for (int i = 0; i <= s_damages.Length; i++)
        {
            if (i > 0)
            {
                (string kind, Func<byte[], byte[]> damage) = s_damages[i - 1];
                File.WriteAllBytes(file, damage(await File.ReadAllBytesAsync(file)));
                seen.Add(kind);
            }

            await LedgerGenerator.ProduceAsync(producer, world.Windows, all.GetRange(i * 50, 50));
            SensorWatchProcess worker = world.StartWorker($"damage-{i}");
            string trained = await worker.WaitForLineAsync(line => line.Contains("trained in", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            await WaitForValidSnapshotAsync(file, worker);
            worker.Terminate();
            int exitCode = await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.True(exitCode == 0, $"exit {exitCode}:\n{worker.Output}");
            if (i > 0)
            {
                string refused = worker.Output.Split('\n').FirstOrDefault(line => line.Contains("refused", StringComparison.Ordinal)) ?? "";
                Assert.True(refused.Contains("will cold-start", StringComparison.Ordinal), $"{seen[^1]}: no refusal logged:\n{worker.Output}");
                output.WriteLine($"{seen[^1]}: {refused.Trim()} | {trained.Trim()}");
            }
        }

        SensorWatchProcess drain = world.StartWorker("damage-drain");
        List<LedgerOutcome> outcomes = world.Ledger.Collect([.. all.Select(input => input.Id)], TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2));
        drain.Terminate();
        int drainExit = await drain.WaitForExitAsync(TimeSpan.FromSeconds(30));
        LedgerReport report = Ledger.Reconcile($"damaged model file at start ({string.Join(", ", seen)}; {backend})", seen.Count, all, outcomes);
        IReadOnlyList<string> violations = report.Violations(maxDuplicatesPerId: 1, maxTotalDuplicates: seen.Count * ChildWorkerWorld.BatchSize * ChildWorkerWorld.Partitions);
        output.WriteLine($"{LedgerReport.Header}\n{report} | {(violations.Count == 0 ? "pass" : "FAIL")}");
        Assert.True(violations.Count == 0, report + "\n" + string.Join("\n", violations));
        Assert.Equal(0, drainExit);
    }

    [Theory]
    [EmbeddedKafka]
    [ContainerKafka]
    public async Task Worker_DamagedModelOnTheModelsTopic_RefusedAndTheServingModelKeepsScoring(KafkaBackend backend)
    {
        await using ChildWorkerWorld world = await ChildWorkerWorld.StartAsync(backend);
        using IProducer<byte[], byte[]> producer = world.CreateProducer();
        List<LedgerInput> inputs = LedgerGenerator.Create(400, sensors: 8, badEvery: 25);
        List<LedgerInput> first = inputs[..200];
        List<LedgerInput> second = inputs[200..];
        await LedgerGenerator.ProduceAsync(producer, world.Windows, first);
        SensorWatchProcess worker = world.StartWorker("reload");
        await worker.WaitForLineAsync(line => line.Contains("trained in", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        world.Ledger.Collect([.. first.Select(input => input.Id)], TimeSpan.FromSeconds(60), TimeSpan.Zero);

        byte[] valid = LedgerModels.Snapshot(LedgerGenerator.Steps, LedgerGenerator.Features);
        List<(string Kind, byte[] Bytes)> damaged = [.. s_damages.Select(damage => (damage.Kind, damage.Damage(valid))),
            ("wrong-shape (T 8)", LedgerModels.Snapshot(8, LedgerGenerator.Features)), ("wrong-shape (D 2)", LedgerModels.Snapshot(LedgerGenerator.Steps, 2))];
        foreach ((string _, byte[] bytes) in damaged)
        {
            await producer.ProduceAsync(world.Models, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes("default"), Value = bytes });
        }

        await WorkerLog.WaitForCountAsync(worker, "refused, keeping the current model", damaged.Count, TimeSpan.FromSeconds(30));
        await LedgerGenerator.ProduceAsync(producer, world.Windows, second);
        List<LedgerOutcome> outcomes = world.Ledger.Collect([.. inputs.Select(input => input.Id)], TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2));
        worker.Terminate();
        int exitCode = await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));

        LedgerReport report = Ledger.Reconcile($"damaged models on the models topic ({damaged.Count} kinds; {backend})", damaged.Count, inputs, outcomes);
        IReadOnlyList<string> violations = report.Violations(maxDuplicatesPerId: 0, maxTotalDuplicates: 0);
        HashSet<string> secondGood = [.. second.Where(input => input.ExpectedReason is null).Select(input => input.Id)];
        List<string> notScored = [.. outcomes.Where(outcome => outcome.Kind == LedgerOutcomeKind.Score && secondGood.Contains(outcome.Id) && outcome.Detail != "scored")
            .Select(outcome => $"{outcome.Id}: {outcome.Detail}")];
        string refusals = string.Join("\n", worker.Output.Split('\n').Where(line => line.Contains("refused", StringComparison.Ordinal)).Select(line => line.Trim()));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{refusals}\n{LedgerReport.Header}\n{report} | {(violations.Count == 0 && notScored.Count == 0 ? "pass" : "FAIL")}"));
        Assert.True(violations.Count == 0, report + "\n" + string.Join("\n", violations) + "\n" + worker.Output);
        Assert.True(notScored.Count == 0, "windows after the damaged models were not scored by the serving model: " + string.Join(", ", notScored.Take(5)));
        Assert.Equal(1, WorkerLog.Count(worker, "trained in"));
        Assert.DoesNotContain("swapping in", worker.Output, StringComparison.Ordinal);
        Assert.Equal(0, exitCode);
    }

    private static byte[] Flip(byte[] bytes, int index)
    {
        byte[] copy = [.. bytes];
        copy[index] ^= 0x5a;
        return copy;
    }

    private static async Task WaitForValidSnapshotAsync(string file, SensorWatchProcess worker)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                ModelSnapshot.Read(file);
                return;
            }
            catch (Exception exception) when (exception is ModelSnapshotException or IOException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"{file} holds no valid snapshot after the worker trained:\n{worker.Output}");
    }
}
