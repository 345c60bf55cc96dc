using System.Diagnostics;
using System.Globalization;
using System.Net;
using Confluent.Kafka;
using SensorWatch.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SensorWatch.IntegrationTests.Reliability;

/// <summary>
/// notes/reliability.md §7.2 #4: every broker down for a while (12 s in CI; <c>SENSORWATCH_OUTAGE_SECONDS</c>, e.g. 30,
/// for the scenario's full length), more input written once they are back. The worker must
/// not crash and liveness must stay 200 for the whole outage (readiness may drop: it is reported); after the brokers
/// come back, consumption resumes and the ledger must show every input answered. Embedded only: the outage is the
/// mock's (a Testcontainers row would stop the container).
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class BrokerOutageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Worker_AllBrokersDownThenUp_StaysAliveResumesAndLosesNothing()
    {
        int seconds = int.TryParse(Environment.GetEnvironmentVariable("SENSORWATCH_OUTAGE_SECONDS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int asked) && asked > 0
            ? asked : 12;
        await using ChildWorkerWorld world = await ChildWorkerWorld.StartAsync();
        using IProducer<byte[], byte[]> producer = world.CreateProducer();
        List<LedgerInput> inputs = LedgerGenerator.Create(1000, sensors: 8, badEvery: 25);
        await LedgerGenerator.ProduceAsync(producer, world.Windows, inputs[..600]);
        SensorWatchProcess worker = world.StartWorker("outage");
        using WorkerEndpoints endpoints = await WorkerEndpoints.FindAsync(worker);
        world.Ledger.Collect([.. inputs[..600].Select(input => input.Id)], TimeSpan.FromSeconds(60), TimeSpan.Zero);

        world.Kafka.Cluster.SetBrokerDown(-1);
        List<HttpStatusCode> alive = [];
        List<HttpStatusCode> ready = [];
        try
        {
            Stopwatch outage = Stopwatch.StartNew();
            while (outage.Elapsed < TimeSpan.FromSeconds(seconds))
            {
                alive.Add(await endpoints.AliveAsync());
                ready.Add(await endpoints.HealthAsync());
                await Task.Delay(500);
            }
        }
        finally
        {
            world.Kafka.Cluster.SetBrokerUp(-1);
        }

        bool survived = !worker.HasExited;
        using (IProducer<byte[], byte[]> after = world.CreateProducer())
        {
            await LedgerGenerator.ProduceAsync(after, world.Windows, inputs[600..]);
        }
        List<LedgerOutcome> outcomes = world.Ledger.Collect([.. inputs.Select(input => input.Id)], TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2));
        worker.Terminate();
        int exitCode = await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));
        LedgerReport report = Ledger.Reconcile($"all brokers down {seconds} s, more input after", 1, inputs, outcomes);
        // The outage can strike between an offset's store and its commit, and a long one expires the session: what was
        // answered before it may be answered once more (at-least-once), nothing after.
        IReadOnlyList<string> violations = report.Violations(maxDuplicatesPerId: 1, maxTotalDuplicates: 600);
        string Counts(List<HttpStatusCode> codes) => string.Join(", ", codes.GroupBy(code => code).Select(group => $"{(int)group.Key} ×{group.Count()}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"during the outage: /alive {Counts(alive)}; /health {Counts(ready)}\n{LedgerReport.Header}\n{report} | {(violations.Count == 0 ? "pass" : "FAIL")}"));
        Assert.True(survived, "the worker exited during the outage:\n" + worker.Output);
        Assert.All(alive, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.True(violations.Count == 0, report + "\n" + string.Join("\n", violations) + "\n" + worker.Output);
        Assert.Equal(0, exitCode);
    }
}
