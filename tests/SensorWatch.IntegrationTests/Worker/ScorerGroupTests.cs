namespace SensorWatch.IntegrationTests.Worker;

/// <summary>Consumer-group behaviour: partitions split between workers; when one leaves, the other takes over.</summary>
public sealed class ScorerGroupTests
{
    [Fact]
    public async Task Scorer_TwoWorkersThenOneLeaves_PartitionsSplitThenTakenOverWithNothingLost()
    {
        await using WorkerTestKit kit = await WorkerTestKit.StartAsync(partitions: 4);
        RunningWorker first = await kit.StartWorkerAsync("w1", store: new InMemoryModelStore(TestModels.Default()));
        RunningWorker second = await kit.StartWorkerAsync("w2", store: new InMemoryModelStore(TestModels.Default()));
        await first.WaitUntilAsync(p => p.AssignedPartitions.Count == 2 && second.Progress.AssignedPartitions.Count == 2,
            TimeSpan.FromSeconds(30), "two partitions each");
        Assert.Empty(first.Progress.AssignedPartitions.Intersect(second.Progress.AssignedPartitions));

        List<string> ids = [];
        List<(string, string)> batch1 = [.. Enumerable.Range(0, 200).Select(i => ($"s-{i % 8}", WindowJson.Window($"s-{i % 8}", i / 8)))];
        ids.AddRange(Enumerable.Range(0, 200).Select(i => WindowJson.Id($"s-{i % 8}", i / 8)));
        await kit.ProduceAsync(batch1);
        await first.WaitUntilAsync(p => p.Scored + second.Progress.Scored >= 200, TimeSpan.FromSeconds(20), "200 scored by the pair");
        Assert.True(first.Progress.Scored > 0 && second.Progress.Scored > 0, "both workers must have scored part of the stream");

        await second.StopAsync();
        await first.WaitUntilAsync(p => p.AssignedPartitions.Count == 4, TimeSpan.FromSeconds(30), "all four partitions after the other left");
        List<(string, string)> batch2 = [.. Enumerable.Range(200, 200).Select(i => ($"s-{i % 8}", WindowJson.Window($"s-{i % 8}", i / 8)))];
        ids.AddRange(Enumerable.Range(200, 200).Select(i => WindowJson.Id($"s-{i % 8}", i / 8)));
        await kit.ProduceAsync(batch2);

        List<OutputView> scores = kit.ReadUntil(kit.Scores, records => Reconciliation.Ids(records).Count == 400, TimeSpan.FromSeconds(30));
        (int missing, _, _) = Reconciliation.Check(ids, scores);
        Assert.Equal(0, missing);
        Assert.Null(first.Exit.Reason);
        Assert.Null(second.Exit.Reason);
    }
}
