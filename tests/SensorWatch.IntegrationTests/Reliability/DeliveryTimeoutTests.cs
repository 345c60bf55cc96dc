using System.Globalization;
using Confluent.Kafka;
using SensorWatch.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SensorWatch.IntegrationTests.Reliability;

/// <summary>
/// notes/reliability.md §7.2 #18: the output topics unreachable (every broker down) for longer than the producer's
/// <c>message.timeout.ms</c> while the worker holds scored windows. Their deliveries fail; the worker must not store
/// their offsets, must not crash, and after recovery the ledger must show nothing lost.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class DeliveryTimeoutTests(ITestOutputHelper output)
{
    [OptInFact("SENSORWATCH_QUARANTINED", "Quarantined: in fresh-clone CI runs the broker outage sometimes misses the worker's in-flight outputs (no delivery fails, so the run proves nothing); make the fault deterministic (e.g. Produce request errors pushed while outputs are known to be queued) before running it by default.")]
    public async Task Worker_OutputsUndeliverablePastMessageTimeout_NothingLostAfterRecovery()
    {
        await using ChildWorkerWorld world = await ChildWorkerWorld.StartAsync();
        using IProducer<byte[], byte[]> producer = world.CreateProducer();
        List<LedgerInput> inputs = LedgerGenerator.Create(4000, sensors: 8, badEvery: 25);
        await LedgerGenerator.ProduceAsync(producer, world.Windows, inputs);
        SensorWatchProcess worker = world.StartWorker("timeout", client: new Dictionary<string, string> { ["message.timeout.ms"] = "1500" });

        // The first model is trained once 16 windows were consumed: by then the worker has fetched a backlog and is
        // scoring it, so its outputs are queued when the brokers go away.
        await worker.WaitForLineAsync(line => line.Contains("trained in", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        world.Kafka.Cluster.SetBrokerDown(-1);
        await Task.Delay(TimeSpan.FromSeconds(4));
        world.Kafka.Cluster.SetBrokerUp(-1);

        SensorWatchProcess drain = worker;
        if (worker.Output.Contains("Scorer stopped", StringComparison.Ordinal) || worker.Output.Contains("Fatal", StringComparison.Ordinal))
        {
            drain = world.StartWorker("timeout-restart");   // a worker that chose to stop is restarted, as Kubernetes would
        }

        List<LedgerOutcome> outcomes = world.Ledger.Collect([.. inputs.Select(input => input.Id)], TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2));
        drain.Terminate();
        int exitCode = await drain.WaitForExitAsync(TimeSpan.FromSeconds(20));
        LedgerReport report = Ledger.Reconcile("outputs undeliverable past message.timeout.ms (brokers down 4 s, timeout 1.5 s)", 1, inputs, outcomes);
        IReadOnlyList<string> violations = report.Violations(maxDuplicatesPerId: 2, maxTotalDuplicates: inputs.Count);
        int failures = worker.Output.Split('\n').Count(line => line.Contains("Delivery of a", StringComparison.Ordinal));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"delivery-failure log lines: {failures}; restarted: {drain != worker}\n{LedgerReport.Header}\n{report} | {(violations.Count == 0 ? "pass" : "FAIL")}"));
        Assert.True(failures > 0, "no delivery failed: the fault did not hit the worker's outputs, so this run proves nothing\n" + worker.Output);
        Assert.True(violations.Count == 0, report + "\n" + string.Join("\n", violations) + "\n" + worker.Output);
        Assert.Equal(0, exitCode);
    }
}
