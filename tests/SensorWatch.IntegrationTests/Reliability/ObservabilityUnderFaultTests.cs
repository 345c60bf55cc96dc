using System.Diagnostics;
using System.Globalization;
using System.Net;
using Confluent.Kafka;
using SensorWatch.Embedded;
using SensorWatch.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SensorWatch.IntegrationTests.Reliability;

/// <summary>
/// notes/reliability.md §7.2 #22: what the operator sees while faults happen, read from the real process's
/// <c>/metrics</c> and <c>/alive</c>. Bad input moves the dead-letter counter; outputs failing past
/// <c>message.timeout.ms</c> (Produce answered NOT_ENOUGH_REPLICAS until cleared, set up while the worker is frozen so the
/// fault is in place before it produces from the backlog) move the delivery-failure counter, and the back-pressured
/// backlog shows as consumer lag, which falls back to 0 after recovery; failed auto-commits move the commit-failure
/// counter. Liveness stays 200 throughout: none of these is a stall of the loop (the stall case is in
/// <see cref="SlowOutputTests"/>). The ledger checks that nothing was lost on the way.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class ObservabilityUnderFaultTests(ITestOutputHelper output)
{
    private const string DeadLetters = "sensorwatch_dead_letters_total";
    private const string DeliveryFailures = "sensorwatch_delivery_failures_total";
    private const string CommitFailures = "sensorwatch_commit_failures_total";
    private const string Lag = "sensorwatch_consumer_lag";

    [Fact]
    public async Task Worker_UnderDeliveryCommitAndInputFaults_MetricsMoveLivenessHoldsNothingLost()
    {
        await using ChildWorkerWorld world = await ChildWorkerWorld.StartAsync();
        using IProducer<byte[], byte[]> producer = world.CreateProducer();
        List<LedgerInput> inputs = LedgerGenerator.Create(1000, sensors: 8, badEvery: 10);
        await LedgerGenerator.ProduceAsync(producer, world.Windows, inputs[..200]);
        SensorWatchProcess worker = world.StartWorker("observed",
            client: new Dictionary<string, string> { ["message.timeout.ms"] = "1500" },
            worker: new Dictionary<string, object> { ["StatisticsIntervalMs"] = 500, ["MaxInFlightWindows"] = 40, ["SessionTimeoutMs"] = 6000 });
        using WorkerEndpoints endpoints = await WorkerEndpoints.FindAsync(worker);
        world.Ledger.Collect([.. inputs[..200].Select(input => input.Id)], TimeSpan.FromSeconds(60), TimeSpan.Zero);
        double deadLetters0 = await endpoints.MetricAsync(DeadLetters);
        double deliveries0 = await endpoints.MetricAsync(DeliveryFailures);
        double commits0 = await endpoints.MetricAsync(CommitFailures);
        List<HttpStatusCode> alive = [await endpoints.AliveAsync()];

        // Outputs undeliverable past message.timeout.ms while a backlog waits.
        worker.Pause();
        try
        {
            await LedgerGenerator.ProduceAsync(producer, world.Windows, inputs[200..800]);
            world.Kafka.Cluster.PushRequestErrors(KafkaApiKey.Produce, [.. Enumerable.Repeat(ErrorCode.NotEnoughReplicas, 20_000)]);
        }
        finally
        {
            worker.Continue();
        }

        double maxLag = 0;
        Stopwatch fault = Stopwatch.StartNew();
        while (fault.Elapsed < TimeSpan.FromSeconds(4))
        {
            maxLag = Math.Max(maxLag, await endpoints.MetricAsync(Lag));
            alive.Add(await endpoints.AliveAsync());
            await Task.Delay(250);
        }

        world.Kafka.Cluster.ClearRequestErrors(KafkaApiKey.Produce);
        world.Ledger.Collect([.. inputs[..800].Select(input => input.Id)], TimeSpan.FromSeconds(60), TimeSpan.Zero);
        double deliveries1 = await endpoints.MetricAsync(DeliveryFailures);
        double lagAfter = await WaitForAsync(endpoints, Lag, value => value == 0, alive);

        // Auto-commits refused by the group coordinator.
        world.Kafka.Cluster.PushRequestErrors(KafkaApiKey.OffsetCommit, ErrorCode.OffsetMetadataTooLarge, ErrorCode.OffsetMetadataTooLarge, ErrorCode.OffsetMetadataTooLarge);
        await LedgerGenerator.ProduceAsync(producer, world.Windows, inputs[800..]);
        List<LedgerOutcome> outcomes = world.Ledger.Collect([.. inputs.Select(input => input.Id)], TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2));
        double commits1 = await WaitForAsync(endpoints, CommitFailures, value => value > commits0, alive);
        double deadLetters1 = await endpoints.MetricAsync(DeadLetters);
        worker.Terminate();
        int exitCode = await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));

        LedgerReport report = Ledger.Reconcile("observability under faults (delivery timeout, lag, auto-commit errors, bad input)", 1, inputs, outcomes);
        IReadOnlyList<string> violations = report.Violations(maxDuplicatesPerId: 1, maxTotalDuplicates: inputs.Count);
        string summary = string.Create(CultureInfo.InvariantCulture,
            $"dead letters {deadLetters0} -> {deadLetters1}; delivery failures {deliveries0} -> {deliveries1}; max lag during the fault {maxLag}, after {lagAfter}; commit failures {commits0} -> {commits1}; /alive {string.Join(",", alive.Distinct())} over {alive.Count} probes\n{LedgerReport.Header}\n{report} | {(violations.Count == 0 ? "pass" : "FAIL")}");
        output.WriteLine(summary);
        Assert.True(violations.Count == 0, summary + "\n" + string.Join("\n", violations) + "\n" + worker.Output);
        Assert.True(deadLetters0 >= 20, summary);
        Assert.True(deadLetters1 > deadLetters0, summary);
        Assert.True(deliveries1 > deliveries0, summary);
        Assert.True(maxLag > 0, summary);
        Assert.Equal(0, lagAfter);
        Assert.True(commits1 > commits0, summary);
        Assert.All(alive, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(0, exitCode);
    }

    /// <summary>Scrapes <paramref name="family"/> (probing liveness too) until <paramref name="done"/> holds or 15 s pass; returns the last value.</summary>
    private static async Task<double> WaitForAsync(WorkerEndpoints endpoints, string family, Func<double, bool> done, List<HttpStatusCode> alive)
    {
        Stopwatch clock = Stopwatch.StartNew();
        double value = await endpoints.MetricAsync(family);
        while (!done(value) && clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(250);
            alive.Add(await endpoints.AliveAsync());
            value = await endpoints.MetricAsync(family);
        }

        return value;
    }
}
