using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using SensorWatch.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SensorWatch.IntegrationTests.Reliability;

/// <summary>
/// notes/reliability.md §7.2 #16, retraining under peak load: one <c>sensorwatch run --role all</c> process (scorer and
/// trainer, shared model store, samples forwarded) takes input as fast as the test can write it while its trainer
/// retrains the served model (<c>Retraining:Threads</c> 1, enough epochs that training lasts seconds). Asserted: the
/// ledger shows nothing lost; score records keep arriving while the trainer is in its Training phase (between its
/// "training started" and result lines, <c>sensorwatch_windows_scored_total</c> moves); the training runs on exactly
/// one <c>sensorwatch-retrain-*</c> thread (the budget) and that thread uses CPU. The scoring throughput during training
/// versus before it is printed, never asserted (docs/reliability.md).
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class RetrainUnderLoadTests(ITestOutputHelper output)
{
    private const string Scored = "sensorwatch_windows_scored_total";

    [Fact]
    public async Task Worker_RetrainingWhileInputPeaks_ScoringContinuesOneTrainingThreadNothingLost()
    {
        await using ChildWorkerWorld world = await ChildWorkerWorld.StartAsync();
        string samples = await world.Kafka.CreateTopicAsync("samples", 2);
        using IProducer<byte[], byte[]> producer = world.CreateProducer();
        int epochs = int.Parse(Environment.GetEnvironmentVariable("SENSORWATCH_RETRAIN_EPOCHS") ?? "60", CultureInfo.InvariantCulture);
        List<LedgerInput> inputs = LedgerGenerator.Create(int.Parse(Environment.GetEnvironmentVariable("SENSORWATCH_RETRAIN_INPUTS") ?? "20000", CultureInfo.InvariantCulture), sensors: 40, badEvery: 50);
        await LedgerGenerator.ProduceAsync(producer, world.Windows, inputs[..400]);
        WorkerShape shape = new("all")
        {
            Topics = new Dictionary<string, string> { ["Samples"] = samples },
            Sections = new Dictionary<string, object>
            {
                ["Retraining"] = new Dictionary<string, object>
                {
                    ["Interval"] = "00:00:00",
                    ["MinNewWindows"] = 150,
                    ["MinTrainingWindows"] = 300,
                    ["Epochs"] = epochs,
                    ["BatchSize"] = 16,
                    ["Threads"] = 1,
                    ["Sample"] = new Dictionary<string, object> { ["RecentSize"] = 64 },
                    ["Gate"] = new Dictionary<string, object> { ["MinHoldoutWindows"] = 20, ["ShadowWindows"] = 40, ["WatchWindows"] = 400, ["MinWatchWindows"] = 30 },
                },
            },
        };
        SensorWatchProcess worker = world.StartWorker("retrain-peak", worker: new Dictionary<string, object> { ["PublishSamples"] = true }, shape: shape);
        using WorkerEndpoints endpoints = await WorkerEndpoints.FindAsync(worker);
        world.Ledger.Collect([.. inputs[..400].Select(input => input.Id)], TimeSpan.FromSeconds(60), TimeSpan.Zero);

        // Chunks of 200 every 50 ms (up to 4,000 windows/s, generator-bound) until the trainer's first result or the inputs run out;
        // 40 sensors keep every window's time within MaxFutureSkew of now (each sensor advances 16 s per window).
        using CancellationTokenSource stopFeeding = new();
        int produced = 400;
        Task feeder = Task.Run(async () =>
        {
            while (produced < inputs.Count && !stopFeeding.IsCancellationRequested)
            {
                int next = Math.Min(produced + 200, inputs.Count);
                await LedgerGenerator.ProduceAsync(producer, world.Windows, inputs[produced..next]);
                produced = next;
                await Task.Delay(50);
            }
        });
        Stopwatch clock = Stopwatch.StartNew();
        List<(double Seconds, double Scored, bool Training, int RetrainThreads, long RetrainTicks)> samplesSeen = [];
        string? result = null;
        while (clock.Elapsed < TimeSpan.FromSeconds(40) && result is null && !worker.HasExited)
        {
            bool training = WorkerLog.Count(worker, "training started") > 0;
            result = worker.Output.Split('\n').FirstOrDefault(line => line.Contains("Retrain 'default' ", StringComparison.Ordinal) && !line.Contains("training started", StringComparison.Ordinal));
            (int threads, long ticks) = RetrainThreads(worker.Id);
            samplesSeen.Add((clock.Elapsed.TotalSeconds, await endpoints.MetricAsync(Scored), training && result is null, threads, ticks));
            await Task.Delay(100);
        }

        await stopFeeding.CancelAsync();
        await feeder;
        inputs = inputs[..produced];
        List<LedgerOutcome> outcomes = world.Ledger.Collect([.. inputs.Select(input => input.Id)], TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(1));
        worker.Terminate();
        int exitCode = await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));

        var during = samplesSeen.Where(sample => sample.Training).ToList();
        var before = samplesSeen.Where(sample => !sample.Training && samplesSeen.IndexOf(sample) < (during.Count > 0 ? samplesSeen.IndexOf(during[0]) : int.MaxValue)).ToList();
        double Rate(List<(double Seconds, double Scored, bool Training, int RetrainThreads, long RetrainTicks)> span) =>
            span.Count < 2 ? double.NaN : (span[^1].Scored - span[0].Scored) / (span[^1].Seconds - span[0].Seconds);
        double scoredDuringTraining = during.Count < 2 ? 0 : during[^1].Scored - during[0].Scored;
        int maxThreads = during.Count == 0 ? 0 : during.Max(sample => sample.RetrainThreads);
        long retrainTicks = during.Count == 0 ? 0 : during.Max(sample => sample.RetrainTicks);
        LedgerReport report = Ledger.Reconcile("retraining under peak input (role all, Retraining:Threads 1)", 1, inputs, outcomes);
        IReadOnlyList<string> violations = report.Violations(maxDuplicatesPerId: 0, maxTotalDuplicates: 0);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{epochs} epochs; training observed for {(during.Count < 2 ? 0 : during[^1].Seconds - during[0].Seconds):F1} s; scored during training: {scoredDuringTraining}; windows/s before {Rate(before):F0}, during {Rate(during):F0} (ratio {Rate(during) / Rate(before):F2}); retrain threads seen {maxThreads}, their CPU ticks {retrainTicks}\nresult: {result?.Trim()}\n{LedgerReport.Header}\n{report} | {(violations.Count == 0 ? "pass" : "FAIL")}"));
        Assert.True(during.Count >= 2, "the trainer was never seen in its Training phase:\n" + worker.Output);
        Assert.True(scoredDuringTraining > 0, "no window was scored while the trainer trained:\n" + worker.Output);
        Assert.Equal(1, maxThreads);
        Assert.True(retrainTicks > 0, "the training thread used no CPU");
        Assert.True(violations.Count == 0, report + "\n" + string.Join("\n", violations) + "\n" + worker.Output);
        Assert.Equal(0, exitCode);
    }

    /// <summary>The process's threads named <c>sensorwatch-retrain-*</c> (comm is cut to 15 characters) and their CPU ticks (utime + stime).</summary>
    private static (int Threads, long Ticks) RetrainThreads(int pid)
    {
        int threads = 0;
        long ticks = 0;
        try
        {
            foreach (string task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith("sensorwatch-ret", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    threads++;
                    string stat = File.ReadAllText(Path.Combine(task, "stat"));
                    string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                }
                catch (IOException)
                {
                    // the thread ended meanwhile
                }
            }
        }
        catch (IOException)
        {
            // the process ended
        }

        return (threads, ticks);
    }
}
