using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using SensorWatch.Embedded;
using SensorWatch.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SensorWatch.IntegrationTests.Reliability;

/// <summary>
/// The worker's answer to the mock's acknowledgements without a write (<see cref="MockAcknowledgementTests"/>): the
/// input is written first, then Produce is answered NOT_LEADER_FOR_PARTITION from the worker's first request on, for
/// 4 s (the mock's false acknowledgements come from a producer's first requests to a partition). Some success reports then carry no offset; the worker must count them
/// (<c>sensorwatch_delivery_unconfirmed_total</c>), produce those records again and store no input offset past them,
/// so the ledger shows nothing lost (at most one extra answer per id: a re-produced record the broker did write).
/// Embedded only: the fault is the mock's.
/// </summary>
[Collection(ChildProcessCollection.Name)]
public sealed class UnconfirmedDeliveryTests(ITestOutputHelper output)
{
    private const string Unconfirmed = "sensorwatch_delivery_unconfirmed_total";

    [Fact]
    public async Task Worker_ProduceAnsweredNotLeaderRepeatedly_UnconfirmedAcksProducedAgainNothingLost()
    {
        await using ChildWorkerWorld world = await ChildWorkerWorld.StartAsync();
        using IProducer<byte[], byte[]> producer = world.CreateProducer();
        // Many output partitions (and 24 sensor keys to spread over them): each is a fresh start for the worker's producer.
        string scores = await world.Kafka.CreateTopicAsync("scores-wide", 12);
        string deadLetters = await world.Kafka.CreateTopicAsync("dlq-wide", 4);
        LedgerReader ledger = new(world.Kafka.BootstrapServers, scores, deadLetters, world.Alerts);
        List<LedgerInput> inputs = LedgerGenerator.Create(900, sensors: 24, badEvery: 25);
        await LedgerGenerator.ProduceAsync(producer, world.Windows, inputs);

        // The mock's acknowledgements without a write hit a producer's first requests to a partition: the fault is in
        // place before the worker's producer sends anything, and stays for its first 4 s.
        int pushed = 2;
        world.Kafka.Cluster.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.NotLeaderForPartition, ErrorCode.NotLeaderForPartition);
        SensorWatchProcess worker = world.StartWorker("unconfirmed",
            shape: new WorkerShape { Topics = new Dictionary<string, string> { ["Scores"] = scores, ["DeadLetter"] = deadLetters } });
        using WorkerEndpoints endpoints = await WorkerEndpoints.FindAsync(worker);
        Stopwatch fault = Stopwatch.StartNew();
        while (fault.Elapsed < TimeSpan.FromSeconds(4))
        {
            world.Kafka.Cluster.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.NotLeaderForPartition, ErrorCode.NotLeaderForPartition);
            pushed += 2;
            await Task.Delay(50);
        }

        world.Kafka.Cluster.ClearRequestErrors(KafkaApiKey.Produce);
        List<LedgerOutcome> outcomes = ledger.Collect([.. inputs.Select(input => input.Id)], TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2));
        double unconfirmed = await endpoints.MetricAsync(Unconfirmed);
        worker.Terminate();
        int exitCode = await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));
        LedgerReport report = Ledger.Reconcile("Produce answered NOT_LEADER from the worker's first request on, 4 s", 1, inputs, outcomes);
        IReadOnlyList<string> violations = report.Violations(maxDuplicatesPerId: 1, maxTotalDuplicates: inputs.Count);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"NOT_LEADER pushed: {pushed}; {Unconfirmed}: {unconfirmed}; log lines: {WorkerLog.Count(worker, "without an offset")}\n{LedgerReport.Header}\n{report} | {(violations.Count == 0 ? "pass" : "FAIL")}"));
        string forensics = report.Lost == 0 ? "" : LedgerForensics.Describe(world.Kafka.BootstrapServers, world.Windows, [scores, world.Alerts, deadLetters], report.LostIds);
        Assert.True(violations.Count == 0, report + "\n" + string.Join("\n", violations) + "\n" + forensics + "\n" + worker.Output);
        Assert.Equal(0, exitCode);
    }
}
