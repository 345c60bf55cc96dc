using System.Globalization;
using Confluent.Kafka;
using SensorWatch.Embedded;
using SensorWatch.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SensorWatch.IntegrationTests.Reliability;

/// <summary>
/// notes/reliability.md §7.2 #19, the requires-abort and fatal replays of librdkafka's 0105-transactions_mock
/// (<c>do_test_txn_requires_abort_errors</c>, <c>do_test_txn_endtxn_errors</c>, <c>do_test_txn_fatal_idempo_errors</c>)
/// against the exactly-once worker, errors pushed with <c>rd_kafka_mock_push_request_errors</c> between input chunks
/// (so the worker, not the test's feeder, meets them).
/// <list type="bullet">
/// <item>Abortable (librdkafka's verdict: the transaction must be aborted, the producer survives): EndTxn
/// UNKNOWN_PRODUCER_ID / INVALID_PRODUCER_ID_MAPPING / GROUP_AUTHORIZATION_FAILED, AddPartitionsToTxn
/// TOPIC_AUTHORIZATION_FAILED, AddOffsetsToTxn and TxnOffsetCommit GROUP_AUTHORIZATION_FAILED, and Produce
/// UNKNOWN_PRODUCER_ID (KIP-360). The worker must abort, rewind to the committed offsets and replay: it keeps running,
/// logs the aborts, and the ledger shows nothing lost.</item>
/// <item>Fatal (EndTxn PRODUCER_FENCED or INVALID_PRODUCER_EPOCH, normalised to _FENCED by librdkafka; Produce
/// INVALID_PRODUCER_EPOCH): the producer is unusable. The worker exits with code 1 (no in-process re-creation: a fenced
/// instance is a zombie by definition, and a restart re-reads from the committed offsets with fresh alert state, which
/// is exactly what Kubernetes does on a non-zero exit), naming the fencing in its exit reason and without a crash (the
/// revoke handler no longer tries to commit with the dead producer, and a failed consumer Close is logged, not thrown).
/// A restarted worker must then answer everything.</item>
/// </list>
/// Duplicates: the mock does not hide aborted transactions (<see cref="MockTransactionTests"/>), so only the
/// at-least-once bound is asserted. Embedded only: the faults are the mock's.
/// </summary>
[Collection(ChildProcessCollection.Name)]
public sealed class TransactionAbortReplayTests(ITestOutputHelper output)
{
    private const int Chunk = 60;

    private static readonly (KafkaApiKey Api, ErrorCode Error)[] s_abortable =
    [
        (KafkaApiKey.EndTxn, ErrorCode.UnknownProducerId),
        (KafkaApiKey.AddPartitionsToTxn, ErrorCode.TopicAuthorizationFailed),
        (KafkaApiKey.EndTxn, ErrorCode.InvalidProducerIdMapping),
        (KafkaApiKey.AddOffsetsToTxn, ErrorCode.GroupAuthorizationFailed),
        (KafkaApiKey.EndTxn, ErrorCode.GroupAuthorizationFailed),
        (KafkaApiKey.TxnOffsetCommit, ErrorCode.GroupAuthorizationFailed),
        (KafkaApiKey.Produce, ErrorCode.UnknownProducerId),
    ];

    [Fact]
    public async Task Worker_ExactlyOnceAbortableTransactionErrors_AbortsRewindsAndLosesNothing()
    {
        await using ChildWorkerWorld world = await ChildWorkerWorld.StartAsync();
        using IProducer<byte[], byte[]> producer = world.CreateProducer();
        List<LedgerInput> inputs = LedgerGenerator.Create(Chunk * (s_abortable.Length + 2), sensors: 8, badEvery: 25);
        await LedgerGenerator.ProduceAsync(producer, world.Windows, inputs[..Chunk]);
        SensorWatchProcess worker = world.StartWorker("eos-abort", guarantee: "ExactlyOnce");
        world.Ledger.Collect([.. inputs[..Chunk].Select(input => input.Id)], TimeSpan.FromSeconds(60), TimeSpan.Zero);

        List<string> injected = [];
        for (int step = 0; step < s_abortable.Length; step++)
        {
            (KafkaApiKey api, ErrorCode error) = s_abortable[step];
            int aborts = WorkerLog.Count(worker, "Aborting the transaction");
            await InjectAsync(world, worker, producer, inputs[(Chunk * (step + 1))..(Chunk * (step + 2))], api, error);
            bool aborted = await WaitForAsync(() => WorkerLog.Count(worker, "Aborting the transaction") > aborts || worker.HasExited, TimeSpan.FromSeconds(5));
            injected.Add($"{api} {error}: {(aborted ? "aborted" : "no abort")}");
            world.Kafka.Cluster.ClearRequestErrors(api);
        }

        await LedgerGenerator.ProduceAsync(producer, world.Windows, inputs[^Chunk..]);
        bool survived = !worker.HasExited;
        List<LedgerOutcome> outcomes = world.Ledger.Collect([.. inputs.Select(input => input.Id)], TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2));
        worker.Terminate();
        int exitCode = await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));
        int abortLines = WorkerLog.Count(worker, "Aborting the transaction");
        LedgerReport report = Ledger.Reconcile($"exactly-once, abortable transaction errors ({s_abortable.Length} kinds)", s_abortable.Length, inputs, outcomes);
        IReadOnlyList<string> violations = report.Violations(maxDuplicatesPerId: s_abortable.Length, maxTotalDuplicates: 2 * inputs.Count);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{string.Join("; ", injected)}\naborts logged: {abortLines}; fatal: {WorkerLog.Count(worker, "Fatal Kafka error")}\n{LedgerReport.Header}\n{report} | {(violations.Count == 0 ? "pass" : "FAIL")}"));
        Assert.True(survived, "the exactly-once worker stopped on an abortable error:\n" + worker.Output);
        Assert.True(abortLines >= 1, "no transaction was aborted:\n" + worker.Output);
        Assert.True(violations.Count == 0, report + "\n" + string.Join("\n", violations) + "\n" + worker.Output);
        Assert.Equal(0, exitCode);
    }

    [Theory]
    [InlineData((short)26, ErrorCode.ProducerFenced)]          // EndTxn
    [InlineData((short)26, ErrorCode.InvalidProducerEpoch)]    // EndTxn
    [InlineData((short)0, ErrorCode.InvalidProducerEpoch)]     // Produce
    public async Task Worker_ExactlyOnceFatalProducerError_ExitsOneAndRestartLosesNothing(short apiKey, ErrorCode error)
    {
        KafkaApiKey api = (KafkaApiKey)apiKey;
        await using ChildWorkerWorld world = await ChildWorkerWorld.StartAsync();
        using IProducer<byte[], byte[]> producer = world.CreateProducer();
        List<LedgerInput> inputs = LedgerGenerator.Create(Chunk * 4, sensors: 8, badEvery: 25);
        await LedgerGenerator.ProduceAsync(producer, world.Windows, inputs[..Chunk]);
        SensorWatchProcess first = world.StartWorker("eos-fenced", guarantee: "ExactlyOnce");
        world.Ledger.Collect([.. inputs[..Chunk].Select(input => input.Id)], TimeSpan.FromSeconds(60), TimeSpan.Zero);

        await InjectAsync(world, first, producer, inputs[Chunk..(2 * Chunk)], api, error);
        int firstExit = await first.WaitForExitAsync(TimeSpan.FromSeconds(20));
        world.Kafka.Cluster.ClearRequestErrors(api);

        await LedgerGenerator.ProduceAsync(producer, world.Windows, inputs[(2 * Chunk)..]);
        SensorWatchProcess restarted = world.StartWorker("eos-fenced", guarantee: "ExactlyOnce");
        List<LedgerOutcome> outcomes = world.Ledger.Collect([.. inputs.Select(input => input.Id)], TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2));
        restarted.Terminate();
        int restartedExit = await restarted.WaitForExitAsync(TimeSpan.FromSeconds(30));
        LedgerReport report = Ledger.Reconcile($"exactly-once, fatal {api} {error}, exit and restart", 1, inputs, outcomes);
        IReadOnlyList<string> violations = report.Violations(maxDuplicatesPerId: 2, maxTotalDuplicates: inputs.Count);
        string fatal = first.Output.Split('\n').FirstOrDefault(line => line.Contains("sensorwatch run: scorer stopped:", StringComparison.Ordinal)) ?? "(no exit reason)";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"first worker exit {firstExit}: {fatal.Trim()}\n{LedgerReport.Header}\n{report} | {(violations.Count == 0 ? "pass" : "FAIL")}"));
        Assert.True(firstExit == 1, $"expected exit 1 after a fatal {error}, got {firstExit}:\n{first.Output}");
        Assert.True(fatal.Contains("fenced", StringComparison.OrdinalIgnoreCase), $"the exit reason does not name the fencing: {fatal}\n{first.Output}");
        Assert.DoesNotContain("loop crashed", first.Output, StringComparison.Ordinal); // a clean fatal stop, not an escaped exception
        Assert.True(violations.Count == 0, report + "\n" + string.Join("\n", violations) + "\n" + restarted.Output);
        Assert.Equal(0, restartedExit);
    }

    /// <summary>
    /// The idempotent (at-least-once) producer's sequence errors on Produce, as librdkafka 2.16 handles them:
    /// UNKNOWN_PRODUCER_ID is recovered inside the client (KIP-360 epoch bump; the worker keeps running), while
    /// OUT_OF_ORDER_SEQUENCE_NUMBER is a fatal idempotence error (the producer is unusable: the worker exits 1 and is
    /// restarted). Either way the ledger must show nothing lost.
    /// </summary>
    [Theory]
    [InlineData(ErrorCode.OutOfOrderSequenceNumber, true)]
    [InlineData(ErrorCode.UnknownProducerId, false)]
    public async Task Worker_AtLeastOnceSequenceErrorOnProduce_RecoversOrExitsOneAndLosesNothing(ErrorCode error, bool fatal)
    {
        await using ChildWorkerWorld world = await ChildWorkerWorld.StartAsync();
        using IProducer<byte[], byte[]> producer = world.CreateProducer();
        List<LedgerInput> inputs = LedgerGenerator.Create(Chunk * 4, sensors: 8, badEvery: 25);
        await LedgerGenerator.ProduceAsync(producer, world.Windows, inputs[..Chunk]);
        SensorWatchProcess worker = world.StartWorker("idempotent");
        world.Ledger.Collect([.. inputs[..Chunk].Select(input => input.Id)], TimeSpan.FromSeconds(60), TimeSpan.Zero);

        await InjectAsync(world, worker, producer, inputs[Chunk..(2 * Chunk)], KafkaApiKey.Produce, error);
        await WaitForAsync(() => worker.HasExited, TimeSpan.FromSeconds(3));
        int? exitCode = worker.HasExited ? await worker.WaitForExitAsync(TimeSpan.FromSeconds(5)) : null;
        SensorWatchProcess survivor = exitCode is null ? worker : world.StartWorker("idempotent");
        await LedgerGenerator.ProduceAsync(producer, world.Windows, inputs[(2 * Chunk)..]);
        List<LedgerOutcome> outcomes = world.Ledger.Collect([.. inputs.Select(input => input.Id)], TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2));
        survivor.Terminate();
        int survivorExit = await survivor.WaitForExitAsync(TimeSpan.FromSeconds(30));
        LedgerReport report = Ledger.Reconcile($"at-least-once, {error} on Produce", 1, inputs, outcomes);
        IReadOnlyList<string> violations = report.Violations(maxDuplicatesPerId: 2, maxTotalDuplicates: inputs.Count);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(exitCode is null ? "recovered in-process" : $"exited {exitCode}, restarted")}; delivery failures logged: {WorkerLog.Count(worker, "Delivery of a")}\n{LedgerReport.Header}\n{report} | {(violations.Count == 0 ? "pass" : "FAIL")}"));
        Assert.True(fatal ? exitCode == 1 : exitCode is null, $"expected {(fatal ? "exit 1" : "no exit")} after {error}, got exit {exitCode?.ToString(CultureInfo.InvariantCulture) ?? "none"}:\n{worker.Output}");
        Assert.True(violations.Count == 0, report + "\n" + string.Join("\n", violations) + "\n" + worker.Output);
        Assert.Equal(0, survivorExit);
    }

    /// <summary>
    /// Writes the next chunk while the worker is frozen (SIGSTOP), then pushes the error and lets it go: the injected
    /// error meets the worker's next request of that API, never the test's own producer.
    /// </summary>
    private static async Task InjectAsync(ChildWorkerWorld world, SensorWatchProcess worker, IProducer<byte[], byte[]> producer, List<LedgerInput> chunk,
        KafkaApiKey api, ErrorCode error)
    {
        worker.Pause();
        try
        {
            await LedgerGenerator.ProduceAsync(producer, world.Windows, chunk);
            world.Kafka.Cluster.PushRequestErrors(api, error);
        }
        finally
        {
            worker.Continue();
        }
    }

    private static async Task<bool> WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        using CancellationTokenSource limit = new(timeout);
        while (!condition())
        {
            if (limit.IsCancellationRequested)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }
}
