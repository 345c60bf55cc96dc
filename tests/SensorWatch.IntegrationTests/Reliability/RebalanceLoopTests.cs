using System.Globalization;
using Confluent.Kafka;
using SensorWatch.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SensorWatch.IntegrationTests.Reliability;

/// <summary>
/// notes/reliability.md §7.2 #7, in the spirit of Kafka's streams_eos_test add/stop/abort sequence: while input keeps
/// arriving, workers join and leave the group mid-batch — add, add, SIGTERM the oldest, add, SIGKILL the oldest, add,
/// SIGTERM the oldest, add — each step after the previous one's assignment. Revoked partitions are drained and
/// committed, killed ones are re-read by their new owner; the ledger must show nothing lost, at most one extra answer per
/// id per kill-or-stop, and every SIGTERMed worker must exit 0.
/// </summary>
[Collection(ChildProcessCollection.Name)]
public sealed class RebalanceLoopTests(ITestOutputHelper output)
{
    private static readonly string[] s_steps = ["add", "add", "stop", "add", "kill", "add", "stop", "add"];

    [Theory]
    [EmbeddedKafka]
    [ContainerKafka]
    public async Task Workers_JoiningStoppedAndKilledMidStream_NothingLostDuplicatesBounded(KafkaBackend backend)
    {
        await using ChildWorkerWorld world = await ChildWorkerWorld.StartAsync(backend);
        using IProducer<byte[], byte[]> producer = world.CreateProducer();
        List<LedgerInput> inputs = LedgerGenerator.Create(1600, sensors: 8, badEvery: 25);
        await LedgerGenerator.ProduceAsync(producer, world.Windows, inputs[..200]);
        List<SensorWatchProcess> running = [world.StartWorker("loop-0")];
        await running[0].WaitForLineAsync(line => line.Contains("Partitions assigned", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Task feeder = LedgerGenerator.FeedAsync(producer, world.Windows, inputs[200..], CancellationToken.None, step: 50, pauseMs: 250);

        List<int> stopExits = [];
        int started = 1;
        foreach (string step in s_steps)
        {
            switch (step)
            {
                case "add":
                    SensorWatchProcess added = world.StartWorker($"loop-{started++}");
                    running.Add(added);
                    await added.WaitForLineAsync(line => line.Contains("Partitions assigned", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
                    break;
                case "stop":
                    running[0].Terminate();
                    stopExits.Add(await running[0].WaitForExitAsync(TimeSpan.FromSeconds(30)));
                    running.RemoveAt(0);
                    break;
                default:
                    running[0].Kill();
                    await running[0].WaitForExitAsync(TimeSpan.FromSeconds(10));
                    running.RemoveAt(0);
                    break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(world.SessionTimeoutMs / 4));
        }

        await feeder;
        List<LedgerOutcome> outcomes = world.Ledger.Collect([.. inputs.Select(input => input.Id)], TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(2));
        foreach (SensorWatchProcess worker in running)
        {
            worker.Terminate();
        }

        foreach (SensorWatchProcess worker in running)
        {
            stopExits.Add(await worker.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }

        int departures = s_steps.Count(step => step != "add");
        LedgerReport report = Ledger.Reconcile($"rebalance loop ({string.Join(",", s_steps)}; {backend})", s_steps.Length, inputs, outcomes);
        IReadOnlyList<string> violations = report.Violations(maxDuplicatesPerId: departures, maxTotalDuplicates: inputs.Count);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"graceful exits: {string.Join(",", stopExits)}\n{LedgerReport.Header}\n{report} | {(violations.Count == 0 ? "pass" : "FAIL")}"));
        Assert.True(violations.Count == 0, report + "\n" + string.Join("\n", violations));
        Assert.All(stopExits, code => Assert.Equal(0, code));
    }
}
