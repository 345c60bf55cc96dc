using System.Globalization;
using Confluent.Kafka;
using SensorWatch.Configuration;
using SensorWatch.IntegrationTests.Infrastructure;
using SensorWatch.Kafka;
using SensorWatch.Roles;
using Xunit.Abstractions;

namespace SensorWatch.IntegrationTests.Reliability;

/// <summary>
/// notes/reliability.md §7.2 #20: two workers started with the same <c>Worker:InstanceId</c> and
/// <c>Worker:StaticMembership</c> (KIP-345 <c>group.instance.id</c>). On Apache Kafka the broker fences the older
/// member (FENCED_INSTANCE_ID, fatal): it must exit non-zero, and the survivor must account for every input. The
/// embedded mock cluster does not implement the fencing (it admits both as separate members; librdkafka
/// src/rdkafka_mock_cgrp.c <c>member_add</c> keys members by member id only), so there the row proves that static
/// membership changes nothing about the ledger: no loss, duplicates within one rebalance.
/// </summary>
[Collection(ChildProcessCollection.Name)]
public sealed class StaticMembershipTests(ITestOutputHelper output)
{
    [Fact]
    public void ConsumerConfig_StaticMembership_SetsGroupInstanceIdFromInstanceId()
    {
        WorkerSettings settings(bool isStatic) => new(new KafkaOptions { BootstrapServers = "127.0.0.1:9092", GroupId = "g" }, new ScorerOptions(),
            new WorkerOptions { InstanceId = "scorer-7", StaticMembership = isStatic });

        Assert.Equal("scorer-7", KafkaClientConfigs.Consumer(settings(true)).GroupInstanceId);
        Assert.Null(KafkaClientConfigs.Consumer(settings(false)).GroupInstanceId);
    }

    [Theory]
    [EmbeddedKafka]
    [ContainerKafka]
    public async Task Worker_TwoInstancesWithTheSameStaticId_OlderFencedOnApacheKafkaAndNothingLost(KafkaBackend backend)
    {
        await using ChildWorkerWorld world = await ChildWorkerWorld.StartAsync(backend);
        using IProducer<byte[], byte[]> producer = world.CreateProducer();
        List<LedgerInput> inputs = LedgerGenerator.Create(1500, sensors: 8, badEvery: 25);
        await LedgerGenerator.ProduceAsync(producer, world.Windows, inputs[..500]);
        Dictionary<string, object> isStatic = new() { ["StaticMembership"] = true };

        SensorWatchProcess first = world.StartWorker("twin", worker: isStatic);
        await first.WaitForLineAsync(line => line.Contains("Partitions assigned", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        SensorWatchProcess second = world.StartWorker("twin", worker: isStatic);
        await second.WaitForLineAsync(line => line.Contains("Scorer consuming", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        await LedgerGenerator.ProduceAsync(producer, world.Windows, inputs[500..]);

        int? firstExit = null;
        if (backend == KafkaBackend.Container)
        {
            // KIP-345: the newcomer takes over the instance id; the older member's next heartbeat is fenced.
            firstExit = await first.WaitForExitAsync(TimeSpan.FromSeconds(60));
        }

        List<LedgerOutcome> outcomes = world.Ledger.Collect([.. inputs.Select(input => input.Id)], TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2));
        List<int> exits = [];
        foreach (SensorWatchProcess worker in new[] { first, second }.Where(worker => !worker.HasExited))
        {
            worker.Terminate();
            exits.Add(await worker.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }

        LedgerReport report = Ledger.Reconcile($"static membership, duplicate group.instance.id ({backend})", 1, inputs, outcomes);
        IReadOnlyList<string> violations = report.Violations(maxDuplicatesPerId: 1, maxTotalDuplicates: 2 * ChildWorkerWorld.BatchSize * ChildWorkerWorld.Partitions);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"first worker exit: {(firstExit is null ? "still running (no fencing)" : firstExit.Value)}; graceful exits: {string.Join(",", exits)}\n{LedgerReport.Header}\n{report} | {(violations.Count == 0 ? "pass" : "FAIL")}"));
        Assert.True(violations.Count == 0, report + "\n" + string.Join("\n", violations) + "\nfirst:\n" + first.Output + "\nsecond:\n" + second.Output);
        Assert.All(exits, code => Assert.Equal(0, code));
        if (backend == KafkaBackend.Container)
        {
            Assert.Equal(1, firstExit);
            Assert.Contains("FencedInstanceId", first.Output, StringComparison.Ordinal);
        }
    }
}
