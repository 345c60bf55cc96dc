using System.Globalization;
using Confluent.Kafka;
using SensorWatch.Embedded;
using SensorWatch.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SensorWatch.IntegrationTests.Reliability;

/// <summary>
/// notes/reliability.md §7.2 #18: the output topics refuse writes (every Produce answered NOT_ENOUGH_REPLICAS) for
/// longer than the producer's <c>message.timeout.ms</c> (1.5 s). The fault is pushed after the input is written and
/// before the worker starts, so it is certain to hit the worker's outputs (the old version took the brokers down at a
/// moment that sometimes missed them and was quarantined). Deliveries fail and are logged; the worker keeps running and
/// retrying; then it is SIGKILLed while the fault still holds, the fault is cleared and a new worker starts. Every
/// input must be answered: had the first worker stored an offset past an undelivered output, that window would be lost
/// here. (Recovery without a restart is shown by <see cref="ObservabilityUnderFaultTests"/>.)
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class DeliveryTimeoutTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Worker_OutputsUndeliverablePastMessageTimeout_FailuresSurfacedNoOffsetStoredPastThemNothingLost()
    {
        await using ChildWorkerWorld world = await ChildWorkerWorld.StartAsync();
        using IProducer<byte[], byte[]> producer = world.CreateProducer();
        List<LedgerInput> inputs = LedgerGenerator.Create(1000, sensors: 8, badEvery: 25);
        await LedgerGenerator.ProduceAsync(producer, world.Windows, inputs);
        world.Kafka.Cluster.PushRequestErrors(KafkaApiKey.Produce, [.. Enumerable.Repeat(ErrorCode.NotEnoughReplicas, 50_000)]);
        SensorWatchProcess worker = world.StartWorker("timeout", client: new Dictionary<string, string> { ["message.timeout.ms"] = "1500" });

        string firstFailure;
        bool aliveAfterFailures;
        try
        {
            firstFailure = await worker.WaitForLineAsync(line => line.Contains("Delivery of a", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            await Task.Delay(TimeSpan.FromSeconds(2));   // more timeouts, retries and auto-commit intervals under the fault
            aliveAfterFailures = !worker.HasExited;
            worker.Kill();
            await worker.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            world.Kafka.Cluster.ClearRequestErrors(KafkaApiKey.Produce);
        }

        int failures = WorkerLog.Count(worker, "Delivery of a");
        SensorWatchProcess drain = world.StartWorker("timeout-restart");
        List<LedgerOutcome> outcomes = world.Ledger.Collect([.. inputs.Select(input => input.Id)], TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2));
        drain.Terminate();
        int exitCode = await drain.WaitForExitAsync(TimeSpan.FromSeconds(20));
        LedgerReport report = Ledger.Reconcile("outputs undeliverable past message.timeout.ms (Produce refused), SIGKILL during the fault, restart", 1, inputs, outcomes);
        IReadOnlyList<string> violations = report.Violations(maxDuplicatesPerId: 1, maxTotalDuplicates: inputs.Count);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{firstFailure.Trim()}\ndelivery-failure log lines: {failures}; alive until killed: {aliveAfterFailures}\n{LedgerReport.Header}\n{report} | {(violations.Count == 0 ? "pass" : "FAIL")}"));
        Assert.True(aliveAfterFailures, "the worker stopped on delivery failures:\n" + worker.Output);
        Assert.True(violations.Count == 0, report + "\n" + string.Join("\n", violations) + "\n" + worker.Output);
        Assert.Equal(0, exitCode);
    }
}
