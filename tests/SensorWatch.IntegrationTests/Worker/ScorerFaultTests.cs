using SensorWatch.Embedded;

namespace SensorWatch.IntegrationTests.Worker;

/// <summary>Broker faults from the embedded cluster: processing resumes and every window is accounted for.</summary>
public sealed class ScorerFaultTests
{
    [Fact]
    public async Task Scorer_AllBrokersDownThenUp_ResumesWithNothingLost()
    {
        await using WorkerTestKit kit = await WorkerTestKit.StartAsync(partitions: 2);
        RunningWorker worker = await kit.StartWorkerAsync(store: new InMemoryModelStore(TestModels.Default()));
        List<string> ids = await ProduceAsync(kit, 0, 100);
        await worker.WaitUntilAsync(p => p.Scored >= 100, TimeSpan.FromSeconds(20), "first 100 scored");

        kit.Kafka.Cluster.SetBrokerDown(-1);
        await Task.Delay(TimeSpan.FromSeconds(2));
        kit.Kafka.Cluster.SetBrokerUp(-1);
        ids.AddRange(await ProduceAsync(kit, 100, 100));

        List<OutputView> scores = kit.ReadUntil(kit.Scores, records => Reconciliation.Ids(records).Count == 200, TimeSpan.FromSeconds(40));
        Assert.Equal(0, Reconciliation.Check(ids, scores).Missing);
        Assert.Null(worker.Exit.Reason);
    }

    [Fact]
    public async Task Scorer_PartitionLeaderChangesMidStream_ResumesWithNothingLost()
    {
        await using WorkerTestKit kit = await WorkerTestKit.StartAsync(partitions: 2);
        RunningWorker worker = await kit.StartWorkerAsync(store: new InMemoryModelStore(TestModels.Default()));
        List<string> ids = await ProduceAsync(kit, 0, 100);
        await worker.WaitUntilAsync(p => p.Scored >= 50, TimeSpan.FromSeconds(20), "50 scored");

        kit.Kafka.Cluster.SetPartitionLeader(kit.Windows, 0, 2);
        kit.Kafka.Cluster.SetPartitionLeader(kit.Windows, 1, 3);
        kit.Kafka.Cluster.SetPartitionLeader(kit.Scores, 0, 3);
        ids.AddRange(await ProduceAsync(kit, 100, 100));

        List<OutputView> scores = kit.ReadUntil(kit.Scores, records => Reconciliation.Ids(records).Count == 200, TimeSpan.FromSeconds(40));
        Assert.Equal(0, Reconciliation.Check(ids, scores).Missing);
        Assert.Null(worker.Exit.Reason);
    }

    [Fact]
    public async Task Scorer_InjectedRequestErrors_NotCoordinatorAndTimeouts_ResumesWithNothingLost()
    {
        await using WorkerTestKit kit = await WorkerTestKit.StartAsync(partitions: 2);
        RunningWorker worker = await kit.StartWorkerAsync(store: new InMemoryModelStore(TestModels.Default()));
        List<string> ids = await ProduceAsync(kit, 0, 50);
        await worker.WaitUntilAsync(p => p.Scored >= 50, TimeSpan.FromSeconds(20), "first 50 scored");

        // NOT_COORDINATOR (16) on commits and heartbeats, REQUEST_TIMED_OUT (7) on produce and fetch.
        kit.Kafka.Cluster.PushRequestErrors(KafkaApiKey.OffsetCommit, Confluent.Kafka.ErrorCode.NotCoordinatorForGroup, Confluent.Kafka.ErrorCode.NotCoordinatorForGroup);
        kit.Kafka.Cluster.PushRequestErrors(KafkaApiKey.Heartbeat, Confluent.Kafka.ErrorCode.NotCoordinatorForGroup);
        kit.Kafka.Cluster.PushRequestErrors(KafkaApiKey.Produce, Confluent.Kafka.ErrorCode.RequestTimedOut, Confluent.Kafka.ErrorCode.RequestTimedOut);
        kit.Kafka.Cluster.PushRequestErrors(KafkaApiKey.Fetch, Confluent.Kafka.ErrorCode.RequestTimedOut);
        ids.AddRange(await ProduceAsync(kit, 50, 150));

        List<OutputView> scores = kit.ReadUntil(kit.Scores, records => Reconciliation.Ids(records).Count == 200, TimeSpan.FromSeconds(40));
        Assert.Equal(0, Reconciliation.Check(ids, scores).Missing);
        Assert.Null(worker.Exit.Reason);
    }

    private static async Task<List<string>> ProduceAsync(WorkerTestKit kit, int from, int count)
    {
        await kit.ProduceAsync(Enumerable.Range(from, count).Select(i => ($"s-{i % 4}", WindowJson.Window($"s-{i % 4}", i / 4))));
        return [.. Enumerable.Range(from, count).Select(i => WindowJson.Id($"s-{i % 4}", i / 4))];
    }
}
