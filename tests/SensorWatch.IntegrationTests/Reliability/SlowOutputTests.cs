using System.Globalization;
using System.Net;
using Confluent.Kafka;
using SensorWatch.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SensorWatch.IntegrationTests.Reliability;

/// <summary>
/// notes/reliability.md §7.2 #9: a slow consumer against <c>max.poll.interval.ms</c> (2 s here). The scorer's work is
/// fast, so what makes it slow is its downstream: every output partition leads on broker 3, whose responses are
/// delayed 3 s (mock RTT) while a backlog waits; input partitions and the group coordinator stay on broker 1.
/// <list type="bullet">
/// <item>With back-pressure (<c>Worker:MaxInFlightWindows</c> 40, below the producer queue): the loop pauses its
/// partitions and keeps polling — no MaxPollExceeded, no rebalance, and therefore not a single duplicate.</item>
/// <item>Without (in-flight cap far above a 16-message producer queue): the loop blocks in produce past the interval,
/// librdkafka leaves the group and the assignment is lost; the worker rejoins without crashing and loses nothing.</item>
/// </list>
/// Liveness (budget 1 s here) tells the two apart: it stays 200 while paused-and-polling and fails while the loop is
/// stalled in produce. Embedded cluster only: the fault needs the mock's per-broker RTT (Apache Kafka would need a network proxy).
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class SlowOutputTests(ITestOutputHelper output)
{
    private const int OutputBroker = 3;
    private const int RttMs = 3000;
    private const int FaultSeconds = 6;

    [Fact]
    public async Task Worker_OutputsSlowerThanMaxPollIntervalWithBackPressure_KeepsPollingWithoutRebalanceOrDuplicates()
    {
        (LedgerReport report, string beforeStop, int exitCode, List<HttpStatusCode> alive) = await RunAsync("with back-pressure",
            new Dictionary<string, object> { ["MaxInFlightWindows"] = 40, ["MaxPollIntervalMs"] = 2000 },
            new Dictionary<string, string>(),
            "Back-pressure:", inputCount: 400);

        IReadOnlyList<string> violations = report.Violations(maxDuplicatesPerId: 0, maxTotalDuplicates: 0);
        Assert.True(violations.Count == 0, report + "\n" + string.Join("\n", violations) + "\n" + beforeStop);
        Assert.DoesNotContain("MaxPollExceeded", beforeStop, StringComparison.Ordinal);
        Assert.DoesNotContain("Partitions LOST", beforeStop, StringComparison.Ordinal);
        Assert.DoesNotContain("Partitions revoked", beforeStop, StringComparison.Ordinal);
        Assert.All(alive, status => Assert.Equal(HttpStatusCode.OK, status));   // paused but polling: not a stall
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task Worker_OutputsSlowerThanMaxPollIntervalWithoutBackPressure_RejoinsAndNothingLost()
    {
        (LedgerReport report, string beforeStop, int exitCode, List<HttpStatusCode> alive) = await RunAsync("without back-pressure",
            new Dictionary<string, object> { ["MaxInFlightWindows"] = 1_000_000, ["MaxPollIntervalMs"] = 2000 },
            new Dictionary<string, string> { ["queue.buffering.max.messages"] = "16" },
            "Partitions LOST", inputCount: 1200);

        IReadOnlyList<string> violations = report.Violations(maxDuplicatesPerId: 1, maxTotalDuplicates: report.Inputs);
        Assert.True(violations.Count == 0, report + "\n" + string.Join("\n", violations) + "\n" + beforeStop);
        Assert.Contains("MaxPollExceeded", beforeStop, StringComparison.Ordinal);
        Assert.Contains(HttpStatusCode.ServiceUnavailable, alive);   // the loop stalled in produce past the 1 s liveness budget
        Assert.Equal(0, exitCode);
    }

    /// <summary>
    /// Runs one worker over a backlog with the output broker slow for <see cref="FaultSeconds"/> (well past two poll
    /// intervals), then fast again; waits for <paramref name="expected"/> in the log, reconciles, and stops the worker.
    /// Returns the report, the log as it was before the stop (a stop revokes partitions), and the exit code.
    /// </summary>
    private async Task<(LedgerReport Report, string BeforeStop, int ExitCode, List<HttpStatusCode> Alive)> RunAsync(string variant, Dictionary<string, object> workerSettings,
        Dictionary<string, string> client, string expected, int inputCount)
    {
        await using ChildWorkerWorld world = await ChildWorkerWorld.StartAsync();
        EmbeddedKafkaPlacement(world);
        using IProducer<byte[], byte[]> producer = world.CreateProducer();
        List<LedgerInput> inputs = LedgerGenerator.Create(inputCount, sensors: 8, badEvery: 25);
        await LedgerGenerator.ProduceAsync(producer, world.Windows, inputs);

        SensorWatchProcess worker = world.StartWorker("slow", client: client, worker: workerSettings,
            telemetry: new Dictionary<string, object> { ["LivenessBudgetSeconds"] = 1 });
        using WorkerEndpoints endpoints = await WorkerEndpoints.FindAsync(worker);
        await worker.WaitForLineAsync(line => line.Contains("Partitions assigned", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        world.Kafka.Cluster.SetBrokerRtt(OutputBroker, RttMs);
        List<HttpStatusCode> alive = [];
        try
        {
            System.Diagnostics.Stopwatch fault = System.Diagnostics.Stopwatch.StartNew();
            while (fault.Elapsed < TimeSpan.FromSeconds(FaultSeconds))
            {
                alive.Add(await endpoints.AliveAsync());
                await Task.Delay(200);
            }
        }
        finally
        {
            world.Kafka.Cluster.SetBrokerRtt(OutputBroker, 0);
        }

        // Without back-pressure the loop reaches librdkafka's MaxPollExceeded error (and the lost assignment) only
        // after the messages it had already fetched.
        string seen = await worker.WaitForLineAsync(line => line.Contains(expected, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        System.Diagnostics.Stopwatch draining = System.Diagnostics.Stopwatch.StartNew();
        List<LedgerOutcome> outcomes = world.Ledger.Collect([.. inputs.Select(input => input.Id)], TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2));
        TimeSpan drained = draining.Elapsed;
        string beforeStop = worker.Output;
        worker.Terminate();
        int exitCode = await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));
        LedgerReport report = Ledger.Reconcile($"outputs {RttMs} ms slow for {FaultSeconds} s vs max.poll.interval.ms 2000, {variant}", 1, inputs, outcomes);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seen: {seen.Trim()}\n/alive during the fault: {string.Join(",", alive.GroupBy(status => status).Select(group => $"{group.Key} ×{group.Count()}"))}\nledger read in {drained.TotalSeconds:F1} s; pauses: {WorkerLog.Count(worker, "Back-pressure:")}, max-poll errors: {WorkerLog.Count(worker, "MaxPollExceeded")}, lost: {WorkerLog.Count(worker, "Partitions LOST")}\n{LedgerReport.Header}\n{report}"));
        return (report, beforeStop, exitCode, alive);
    }

    /// <summary>Inputs and the group coordinator on broker 1, every output partition on broker 3 (the slow one).</summary>
    private static void EmbeddedKafkaPlacement(ChildWorkerWorld world)
    {
        for (int partition = 0; partition < ChildWorkerWorld.Partitions; partition++)
        {
            world.Kafka.Cluster.SetPartitionLeader(world.Windows, partition, 1);
        }

        foreach ((string topic, int partitions) in new[] { (world.Scores, 2), (world.Alerts, 2), (world.DeadLetters, 1) })
        {
            for (int partition = 0; partition < partitions; partition++)
            {
                world.Kafka.Cluster.SetPartitionLeader(topic, partition, OutputBroker);
            }
        }

        world.Kafka.Cluster.SetCoordinator("group", world.GroupId, 1);
    }
}
