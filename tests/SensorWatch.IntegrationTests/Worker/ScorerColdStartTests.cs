namespace SensorWatch.IntegrationTests.Worker;

/// <summary>Cold start: a key with no model collects probation windows, trains in the background, then scores.</summary>
public sealed class ScorerColdStartTests
{
    [Fact]
    public async Task ColdStart_NoModel_ProbationRecordsThenScoredAndEveryWindowAccounted()
    {
        await using WorkerTestKit kit = await WorkerTestKit.StartAsync();
        StatisticalTestTrainer trainer = new();
        RunningWorker worker = await kit.StartWorkerAsync(trainer: trainer);
        // 20 probation windows for the key, then more once the model exists.
        await kit.ProduceAsync(Enumerable.Range(0, 30).Select(i => ("s-1", WindowJson.Window("s-1", i))));
        await worker.WaitUntilAsync(p => trainer.Trained == 1, TimeSpan.FromSeconds(20), "first model trained");
        await Task.Delay(300);
        await kit.ProduceAsync(Enumerable.Range(30, 20).Select(i => ("s-1", WindowJson.Window("s-1", i))));

        List<OutputView> scores = kit.ReadUntil(kit.Scores, records => records.Select(r => r.Field("windowId")).Distinct().Count() == 50, TimeSpan.FromSeconds(30));

        Assert.Equal(50, scores.Select(r => r.Field("windowId")).Distinct().Count());
        List<OutputView> probation = [.. scores.Where(r => r.Field("status") == "probation")];
        Assert.InRange(probation.Count, 20, 30);   // the first 20, plus any that arrived while training ran
        Assert.All(scores.Where(r => r.Field("status") == "scored").Skip(0), r => Assert.Equal("cold-default-1", r.Field("modelVersion")));
        Assert.Contains(scores, r => r.Field("status") == "scored" && r.Field("windowId") == WindowJson.Id("s-1", 49));
        Assert.All(scores, r => Assert.Equal("s-1", r.Key));
        Assert.Equal(0, worker.Progress.DeadLetters);
        Assert.Null(worker.Exit.Reason);
    }
}
