using Confluent.Kafka;

namespace SensorWatch.IntegrationTests.Worker;

/// <summary>At-least-once across a stop mid-stream: nothing lost, and no offset committed past an unscored window.</summary>
public sealed class ScorerRestartTests
{
    [Fact]
    public async Task Scorer_StoppedMidStreamAndRestarted_EveryWindowAccountedAndCommitsNeverPassUnscored()
    {
        await using WorkerTestKit kit = await WorkerTestKit.StartAsync(partitions: 4);
        List<(string Key, string Value)> messages = [.. Enumerable.Range(0, 800).Select(i => ($"s-{i % 8}", WindowJson.Window($"s-{i % 8}", i / 8)))];
        IReadOnlyList<DeliveryResult<string, string>> produced = await kit.ProduceAsync(messages);
        Dictionary<TopicPartitionOffset, string> idAt = produced.Select((r, i) => (r.TopicPartitionOffset, WindowJson.Id(messages[i].Key, i / 8))).ToDictionary(pair => pair.TopicPartitionOffset, pair => pair.Item2);
        InMemoryModelStore store = new(TestModels.Slow(TimeSpan.FromMilliseconds(15)));

        RunningWorker first = await kit.StartWorkerAsync("w1", s => s["Scorer:BatchSize"] = "8", store: store);
        await first.WaitUntilAsync(p => p.Scored >= 150, TimeSpan.FromSeconds(30), "150 scored");
        await first.StopAsync();
        Assert.True(first.Progress.Scored < 800, "the first worker must be stopped mid-stream for this test to mean anything");

        // Every offset below a committed position must already have its score record.
        HashSet<string> scoredBeforeRestart = Reconciliation.Ids(kit.ReadAll(kit.Scores, TimeSpan.FromSeconds(1)));
        IReadOnlyList<TopicPartitionOffset> committed = kit.CommittedOffsets(4);
        Assert.Contains(committed, c => c.Offset.Value > 0);
        foreach (TopicPartitionOffset position in committed.Where(c => c.Offset.Value > 0))
        {
            for (long offset = 0; offset < position.Offset.Value; offset++)
            {
                string id = idAt[new TopicPartitionOffset(position.TopicPartition, offset)];
                Assert.True(scoredBeforeRestart.Contains(id), $"offset {offset} of {position.TopicPartition} is committed but window {id} was never scored");
            }
        }

        RunningWorker second = await kit.StartWorkerAsync("w2", store: new InMemoryModelStore(TestModels.Default()));
        List<OutputView> scores = kit.ReadUntil(kit.Scores, records => Reconciliation.Ids(records).Count == 800, TimeSpan.FromSeconds(40));
        (int missing, int duplicates, _) = Reconciliation.Check(idAt.Values, scores);

        Assert.Equal(0, missing);
        Assert.True(duplicates <= 200, $"{duplicates} duplicates: more than the in-flight bound");
        Assert.Null(first.Exit.Reason);
        Assert.Null(second.Exit.Reason);
    }
}
