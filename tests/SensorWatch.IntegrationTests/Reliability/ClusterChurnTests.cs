using System.Globalization;
using Confluent.Kafka;
using SensorWatch.Embedded;
using SensorWatch.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SensorWatch.IntegrationTests.Reliability;

/// <summary>
/// notes/reliability.md §7.2 #5 and #6 under load: two workers consume while, every 400 ms for 6 s, the leader of an
/// input and of an output partition moves to another broker, Produce is answered NOT_LEADER_FOR_PARTITION, the group
/// coordinator moves (every third step) and OffsetCommit and Heartbeat are answered NOT_COORDINATOR. The producers retry,
/// the group recovers, commit failures are tolerated (and counted); the ledger must show nothing lost and at most one
/// extra answer per id. Embedded only: the faults are the mock's.
/// Under injected NOT_LEADER_FOR_PARTITION on Produce, librdkafka's mock acknowledges some records without an offset
/// that it never writes (<see cref="MockAcknowledgementTests"/>): the worker treats such a report as not delivered and
/// produces the record again (<see cref="UnconfirmedDeliveryTests"/>), and the ledger's generator re-sends its own such
/// inputs, so the injection runs by default (it was quarantined behind SENSORWATCH_QUARANTINED=1 before).
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class ClusterChurnTests(ITestOutputHelper output)
{
    private const int Steps = 15;

    [Fact]
    public async Task Workers_LeadersAndCoordinatorMovingWithRequestErrors_NothingLostDuplicatesBounded()
    {
        await using ChildWorkerWorld world = await ChildWorkerWorld.StartAsync();
        using IProducer<byte[], byte[]> producer = world.CreateProducer();
        List<LedgerInput> inputs = LedgerGenerator.Create(2000, sensors: 8, badEvery: 25);
        await LedgerGenerator.ProduceAsync(producer, world.Windows, inputs[..200]);
        SensorWatchProcess a = world.StartWorker("churn-a");
        SensorWatchProcess b = world.StartWorker("churn-b");
        await a.WaitForLineAsync(line => line.Contains("Partitions assigned", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        await b.WaitForLineAsync(line => line.Contains("Partitions assigned", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        Task feeder = LedgerGenerator.FeedAsync(producer, world.Windows, inputs[200..], CancellationToken.None, step: 60, pauseMs: 100);
        EmbeddedKafkaCluster cluster = world.Kafka.Cluster;
        for (int step = 0; step < Steps; step++)
        {
            cluster.SetPartitionLeader(world.Windows, step % ChildWorkerWorld.Partitions, (step % 3) + 1);
            cluster.SetPartitionLeader(world.Scores, step % 2, ((step + 1) % 3) + 1);
            cluster.SetPartitionLeader(world.Alerts, (step + 1) % 2, ((step + 2) % 3) + 1);
            cluster.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.NotLeaderForPartition, ErrorCode.NotLeaderForPartition);

            if (step % 3 == 0)
            {
                cluster.SetCoordinator("group", world.GroupId, ((step / 3) % 3) + 1);
            }

            if (step % 2 == 0)
            {
                cluster.PushRequestErrors(KafkaApiKey.OffsetCommit, ErrorCode.NotCoordinatorForGroup);
                cluster.PushRequestErrors(KafkaApiKey.Heartbeat, ErrorCode.NotCoordinatorForGroup);
            }

            await Task.Delay(400);
        }

        await feeder;
        List<LedgerOutcome> outcomes = world.Ledger.Collect([.. inputs.Select(input => input.Id)], TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2));
        a.Terminate();
        b.Terminate();
        int aExit = await a.WaitForExitAsync(TimeSpan.FromSeconds(30));
        int bExit = await b.WaitForExitAsync(TimeSpan.FromSeconds(30));
        LedgerReport report = Ledger.Reconcile($"leader and coordinator churn with injected NOT_LEADER / NOT_COORDINATOR ({Steps} steps, 2 workers)", Steps, inputs, outcomes);
        IReadOnlyList<string> violations = report.Violations(maxDuplicatesPerId: 1, maxTotalDuplicates: inputs.Count);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"commit failures logged: {WorkerLog.Count(a, "Offset commit failed") + WorkerLog.Count(b, "Offset commit failed")}; acknowledged without an offset (logged, produced again): {WorkerLog.Count(a, "without an offset") + WorkerLog.Count(b, "without an offset")}; rebalance lines: {WorkerLog.Count(a, "Partitions ") + WorkerLog.Count(b, "Partitions ")}\n{LedgerReport.Header}\n{report} | {(violations.Count == 0 ? "pass" : "FAIL")}"));
        string forensics = report.Lost == 0 ? "" : LedgerForensics.Describe(world.Kafka.BootstrapServers, world.Windows, [world.Scores, world.Alerts, world.DeadLetters], report.LostIds);
        output.WriteLine(forensics);
        Assert.True(violations.Count == 0, report + "\n" + string.Join("\n", violations) + "\n" + forensics + "A:\n" + a.Output + "\nB:\n" + b.Output);
        Assert.Equal(0, aExit);
        Assert.Equal(0, bExit);
    }
}
