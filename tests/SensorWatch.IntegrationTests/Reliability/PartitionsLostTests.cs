using System.Globalization;
using Confluent.Kafka;
using SensorWatch.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SensorWatch.IntegrationTests.Reliability;

/// <summary>
/// notes/reliability.md §7.2 #8: partitions lost through session expiry. Worker A is frozen with SIGSTOP (heartbeat
/// thread included, like a long GC pause or a frozen VM) while a producer keeps feeding and worker B runs; the group
/// expires A's session and hands its partitions to B. A is then resumed (SIGCONT): its lost handler must fire
/// ("Partitions LOST": batched windows dropped, nothing committed for them), it rejoins, and the ledger must show every
/// input answered, at most one extra answer per id (A's outputs for windows it held when frozen).
/// </summary>
[Collection(ChildProcessCollection.Name)]
public sealed class PartitionsLostTests(ITestOutputHelper output)
{
    [Theory]
    [EmbeddedKafka]
    [ContainerKafka]
    public async Task Worker_FrozenPastSessionTimeout_LosesPartitionsAndNothingIsLost(KafkaBackend backend)
    {
        await using ChildWorkerWorld world = await ChildWorkerWorld.StartAsync(backend);
        using IProducer<byte[], byte[]> producer = world.CreateProducer();
        List<LedgerInput> inputs = LedgerGenerator.Create(1500, sensors: 8, badEvery: 25);
        await LedgerGenerator.ProduceAsync(producer, world.Windows, inputs[..200]);

        SensorWatchProcess a = world.StartWorker("lost-a");
        await a.WaitForLineAsync(line => line.Contains("Partitions assigned", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        SensorWatchProcess b = world.StartWorker("lost-b");

        // Freeze A only once the cooperative hand-over is complete (two partitions each): frozen in its middle, A would
        // miss the second join round instead of a steady-state heartbeat, and the lost path would not be exercised.
        await WorkerLog.WaitForOwnedAsync(b, ChildWorkerWorld.Partitions / 2, TimeSpan.FromSeconds(30));
        await WorkerLog.WaitForOwnedAsync(a, ChildWorkerWorld.Partitions / 2, TimeSpan.FromSeconds(30), atMost: true);
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        // Feed in small steps so A holds consumed, unanswered windows at the moment it is frozen.
        using CancellationTokenSource feeding = new();
        Task feeder = LedgerGenerator.FeedAsync(producer, world.Windows, inputs[200..], feeding.Token);
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        a.Pause();
        try
        {
            // B takes A's partitions once the group expired A's session.
            await WorkerLog.WaitForOwnedAsync(b, ChildWorkerWorld.Partitions, TimeSpan.FromSeconds(10 + (3 * world.SessionTimeoutMs / 1000.0)));
        }
        finally
        {
            a.Continue();
        }

        string lostLine = await a.WaitForLineAsync(line => line.Contains("Partitions LOST", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        await feeder;
        List<LedgerOutcome> outcomes = world.Ledger.Collect([.. inputs.Select(input => input.Id)], TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2));
        a.Terminate();
        b.Terminate();
        int aExit = await a.WaitForExitAsync(TimeSpan.FromSeconds(30));
        int bExit = await b.WaitForExitAsync(TimeSpan.FromSeconds(30));

        LedgerReport report = Ledger.Reconcile($"partitions lost (SIGSTOP past the session timeout, {backend})", 1, inputs, outcomes);
        IReadOnlyList<string> violations = report.Violations(maxDuplicatesPerId: 1, maxTotalDuplicates: inputs.Count);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"A: {lostLine.Trim()}\nA commit failures logged: {WorkerLog.Count(a, "Offset commit failed")}\n{LedgerReport.Header}\n{report} | {(violations.Count == 0 ? "pass" : "FAIL")}"));
        Assert.True(violations.Count == 0, report + "\n" + string.Join("\n", violations) + "\nA:\n" + a.Output + "\nB:\n" + b.Output);
        Assert.Equal(0, aExit);
        Assert.Equal(0, bExit);
    }
}
