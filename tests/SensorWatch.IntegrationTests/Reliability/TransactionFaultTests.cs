using System.Globalization;
using Confluent.Kafka;
using SensorWatch.Embedded;
using SensorWatch.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SensorWatch.IntegrationTests.Reliability;

/// <summary>
/// notes/reliability.md §7.2 #19, a few of librdkafka's 0105-transactions_mock scenarios replayed against the
/// exactly-once worker under load: every 400 ms for 6 s, AddPartitionsToTxn and AddOffsetsToTxn are answered
/// CONCURRENT_TRANSACTIONS (retriable), EndTxn NOT_COORDINATOR (retriable after a coordinator lookup), the
/// transaction coordinator moves to another broker, and once a broker leading output partitions goes down for a
/// second mid-transaction. The worker must keep running (retry or abort-and-rewind, never a fatal exit) and, after
/// SIGTERM, exit 0; the ledger must show nothing lost. Duplicates: the mock does not hide aborted transactions from
/// read_committed readers (<see cref="MockTransactionTests"/>), so only the at-least-once bound is asserted here.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class TransactionFaultTests(ITestOutputHelper output)
{
    private const int Steps = 15;

    [Fact]
    public async Task Worker_ExactlyOnceUnderTransactionFaults_KeepsRunningAndLosesNothing()
    {
        await using ChildWorkerWorld world = await ChildWorkerWorld.StartAsync();
        using IProducer<byte[], byte[]> producer = world.CreateProducer();
        List<LedgerInput> inputs = LedgerGenerator.Create(1500, sensors: 8, badEvery: 25);
        await LedgerGenerator.ProduceAsync(producer, world.Windows, inputs[..200]);
        SensorWatchProcess worker = world.StartWorker("eos-faults", guarantee: "ExactlyOnce");
        string ready = await worker.WaitForLineAsync(line => line.Contains("transactional.id ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        string transactionalId = ready[(ready.IndexOf("transactional.id ", StringComparison.Ordinal) + "transactional.id ".Length)..].TrimEnd(')', ' ', '\r');
        await worker.WaitForLineAsync(line => line.Contains("Partitions assigned", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        Task feeder = LedgerGenerator.FeedAsync(producer, world.Windows, inputs[200..], CancellationToken.None, step: 60, pauseMs: 100);
        EmbeddedKafkaCluster cluster = world.Kafka.Cluster;
        for (int step = 0; step < Steps; step++)
        {
            cluster.PushRequestErrors(KafkaApiKey.AddPartitionsToTxn, ErrorCode.ConcurrentTransactions);
            cluster.PushRequestErrors(KafkaApiKey.AddOffsetsToTxn, ErrorCode.ConcurrentTransactions);
            cluster.PushRequestErrors(KafkaApiKey.EndTxn, ErrorCode.NotCoordinatorForGroup);
            if (step % 3 == 0)
            {
                cluster.SetCoordinator("transaction", transactionalId, ((step / 3) % 3) + 1);
            }

            if (step == Steps / 2)
            {
                cluster.SetPartitionLeader(world.Scores, 0, 2);
                cluster.SetBrokerDown(2);
                await Task.Delay(1000);
                cluster.SetBrokerUp(2);
            }

            await Task.Delay(400);
        }

        await feeder;
        bool survived = !worker.HasExited;
        List<LedgerOutcome> outcomes = world.Ledger.Collect([.. inputs.Select(input => input.Id)], TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2));
        worker.Terminate();
        int exitCode = await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));
        LedgerReport report = Ledger.Reconcile($"exactly-once under transaction faults ({Steps} steps: CONCURRENT_TRANSACTIONS, EndTxn NOT_COORDINATOR, coordinator moves, leader broker down 1 s)", Steps, inputs, outcomes);
        IReadOnlyList<string> violations = report.Violations(maxDuplicatesPerId: Steps, maxTotalDuplicates: 2 * inputs.Count);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"aborts logged: {WorkerLog.Count(worker, "Aborting the transaction")}; fatal: {WorkerLog.Count(worker, "Fatal Kafka error")}\n{LedgerReport.Header}\n{report} | {(violations.Count == 0 ? "pass" : "FAIL")}"));
        Assert.True(survived, "the exactly-once worker stopped under retriable transaction faults:\n" + worker.Output);
        Assert.True(violations.Count == 0, report + "\n" + string.Join("\n", violations) + "\n" + worker.Output);
        Assert.Equal(0, exitCode);
    }
}
