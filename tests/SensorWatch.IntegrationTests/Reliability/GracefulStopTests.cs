using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using SensorWatch.Embedded;
using SensorWatch.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SensorWatch.IntegrationTests.Reliability;

/// <summary>
/// notes/reliability.md §7.2 #3 and #21: SIGTERM to the real process mid-stream (exits within the shutdown budget,
/// nothing lost, duplicates within one in-flight window after the restart) and SIGTERM while every broker is down
/// (exits within the budget anyway). Bad input of every kind rides along, so the ledger also checks the DLQ reasons.
/// </summary>
[Collection(ChildProcessCollection.Name)]
public sealed class GracefulStopTests(ITestOutputHelper output)
{
    /// <summary>Worker:ShutdownTimeoutSeconds (10) plus the host's 5 s margin plus process start-up slack.</summary>
    private static readonly TimeSpan s_exitBudget = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Worker_SigtermMidStream_ExitsWithinBudgetAndRestartLosesNothing()
    {
        await using ChildWorkerWorld world = await ChildWorkerWorld.StartAsync();
        using IProducer<byte[], byte[]> producer = world.CreateProducer();
        List<LedgerInput> inputs = LedgerGenerator.Create(4000, sensors: 8, badEvery: 10);
        await LedgerGenerator.ProduceAsync(producer, world.Windows, inputs);

        SensorWatchProcess first = world.StartWorker("graceful-1");
        await first.WaitForLineAsync(line => line.Contains("Partitions assigned", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        Stopwatch stopping = Stopwatch.StartNew();
        first.Terminate();
        int firstExit = await first.WaitForExitAsync(s_exitBudget);
        TimeSpan stopTime = stopping.Elapsed;
        string stopLine = first.Output.Split('\n').FirstOrDefault(line => line.Contains("Scorer stopped", StringComparison.Ordinal)) ?? "(no summary line)";

        SensorWatchProcess second = world.StartWorker("graceful-2");
        List<LedgerOutcome> outcomes = world.Ledger.Collect([.. inputs.Select(input => input.Id)], TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2));
        second.Terminate();
        int secondExit = await second.WaitForExitAsync(s_exitBudget);
        LedgerReport report = Ledger.Reconcile("graceful stop mid-stream (SIGTERM) + restart", 1, inputs, outcomes);

        IReadOnlyList<string> violations = report.Violations(maxDuplicatesPerId: 1, maxTotalDuplicates: ChildWorkerWorld.BatchSize * ChildWorkerWorld.Partitions);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stop took {stopTime.TotalSeconds:F1} s; {stopLine.Trim()}\n{LedgerReport.Header}\n{report} | {(violations.Count == 0 ? "pass" : "FAIL")}"));
        Assert.True(stopLine.Contains("Scorer stopped", StringComparison.Ordinal), "the first worker must stop through its shutdown path:\n" + first.Output);
        Assert.False(stopLine.Contains($" {inputs.Count} consumed", StringComparison.Ordinal), "the first worker must be stopped mid-stream for this test to mean anything: " + stopLine);
        Assert.True(violations.Count == 0, report + "\n" + string.Join("\n", violations));
        Assert.Equal(0, firstExit);
        Assert.Equal(0, secondExit);
    }

    /// <summary>
    /// #21: SIGTERM while every broker is down and the worker holds outputs the cluster never acknowledged (Produce is
    /// answered NOT_ENOUGH_REPLICAS from before the worker starts, so they are in flight for certain). The stop must go
    /// through the drain path (drain timeout logged, commit failure tolerated, close bounded, "Scorer stopped") and exit
    /// 0 within Worker:ShutdownTimeoutSeconds; a later worker must then answer every input.
    /// </summary>
    [Fact]
    public async Task Worker_SigtermWhileAllBrokersDown_DrainsWithinBudgetExitsZeroAndLosesNothing()
    {
        await using ChildWorkerWorld world = await ChildWorkerWorld.StartAsync();
        using IProducer<byte[], byte[]> producer = world.CreateProducer();
        List<LedgerInput> inputs = LedgerGenerator.Create(400, sensors: 8, badEvery: 25);
        await LedgerGenerator.ProduceAsync(producer, world.Windows, inputs);
        world.Kafka.Cluster.PushRequestErrors(KafkaApiKey.Produce, [.. Enumerable.Repeat(ErrorCode.NotEnoughReplicas, 20_000)]);
        SensorWatchProcess worker = world.StartWorker("disconnected");
        await worker.WaitForLineAsync(line => line.Contains("trained in", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        world.Kafka.Cluster.SetBrokerDown(-1);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Stopwatch stopping = Stopwatch.StartNew();
        worker.Terminate();
        int exitCode = await worker.WaitForExitAsync(s_exitBudget);
        TimeSpan stopTime = stopping.Elapsed;
        world.Kafka.Cluster.SetBrokerUp(-1);
        world.Kafka.Cluster.ClearRequestErrors(KafkaApiKey.Produce);
        string Line(string text) => worker.Output.Split('\n').FirstOrDefault(line => line.Contains(text, StringComparison.Ordinal))?.Trim() ?? $"(no '{text}' line)";

        SensorWatchProcess second = world.StartWorker("reconnected");
        List<LedgerOutcome> outcomes = world.Ledger.Collect([.. inputs.Select(input => input.Id)], TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2));
        second.Terminate();
        int secondExit = await second.WaitForExitAsync(s_exitBudget);
        LedgerReport report = Ledger.Reconcile("SIGTERM with all brokers down and outputs unacknowledged, then restart", 1, inputs, outcomes);
        IReadOnlyList<string> violations = report.Violations(maxDuplicatesPerId: 1, maxTotalDuplicates: inputs.Count);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"stop with all brokers down took {stopTime.TotalSeconds:F1} s, exit code {exitCode}\n{Line("Drain timed out")}\n{Line("Scorer stopped")}\n{LedgerReport.Header}\n{report} | {(violations.Count == 0 ? "pass" : "FAIL")}"));
        Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n" + worker.Output);
        Assert.Contains("Drain timed out", worker.Output, StringComparison.Ordinal);
        Assert.Contains("Scorer stopped", worker.Output, StringComparison.Ordinal);
        Assert.True(violations.Count == 0, report + "\n" + string.Join("\n", violations));
        Assert.Equal(0, secondExit);
    }
}
