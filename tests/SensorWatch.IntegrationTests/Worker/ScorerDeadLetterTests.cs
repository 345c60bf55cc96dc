using System.Text;
using SensorWatch.Kafka.Messages;

namespace SensorWatch.IntegrationTests.Worker;

/// <summary>Bad input goes to the dead-letter topic with headers; the good windows around it are scored.</summary>
public sealed class ScorerDeadLetterTests
{
    [Fact]
    public async Task Scorer_EveryBadInputKind_DeadLetteredWithHeadersAndGoodWindowsScored()
    {
        await using WorkerTestKit kit = await WorkerTestKit.StartAsync(partitions: 1);
        RunningWorker worker = await kit.StartWorkerAsync(configure: s => s["Worker:ColdStart"] = "false",
            store: new InMemoryModelStore(TestModels.Default()));
        string good = WindowJson.Window("s-1", 0);
        (string Name, byte[]? Key, byte[] Value, DeadLetterReason Expected)[] cases =
        [
            ("malformed json", "s-1"u8.ToArray(), "{\"sensorId\":\"s-1\",\"values\":[[1,2"u8.ToArray(), DeadLetterReason.MalformedJson),
            ("invalid utf-8", "s-1"u8.ToArray(), [0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d], DeadLetterReason.InvalidUtf8),
            ("empty payload", "s-1"u8.ToArray(), [], DeadLetterReason.EmptyPayload),
            ("unknown model", "s-1"u8.ToArray(), Encoding.UTF8.GetBytes(WindowJson.Window("s-1", 2, model: "nope")), DeadLetterReason.UnknownModel),
            ("value out of range", "s-1"u8.ToArray(), Encoding.UTF8.GetBytes(WindowJson.Window("s-1", 3).Replace("\"values\":[[", "\"values\":[[1e400,", StringComparison.Ordinal)), DeadLetterReason.ValueOutOfRange),
            ("key mismatch", "other"u8.ToArray(), Encoding.UTF8.GetBytes(WindowJson.Window("s-1", 4)), DeadLetterReason.KeyMismatch),
            ("too deep", "s-1"u8.ToArray(), Encoding.UTF8.GetBytes("{\"sensorId\":\"s-1\",\"extra\":" + new string('[', 5000) + new string(']', 5000) + "}"), DeadLetterReason.TooDeep),
            ("wrong window length", "s-1"u8.ToArray(), Encoding.UTF8.GetBytes(WindowJson.Window("s-1", 5, length: 8)), DeadLetterReason.WrongWindowLength),
        ];

        await kit.ProduceAsync([("s-1", good)]);
        foreach ((string _, byte[]? key, byte[] value, DeadLetterReason _) in cases)
        {
            await kit.ProduceRawAsync(key, value);
            await kit.ProduceAsync([("s-1", WindowJson.Window("s-1", 10 + cases.Length))]);
        }

        List<OutputView> dead = kit.ReadUntil(kit.DeadLetters, records => records.Count >= cases.Length, TimeSpan.FromSeconds(20));
        await worker.WaitUntilAsync(p => p.Scored >= 1 + cases.Length, TimeSpan.FromSeconds(20), "good windows scored");

        Assert.Equal(cases.Length, dead.Count);
        for (int i = 0; i < cases.Length; i++)
        {
            OutputView record = dead[i];
            Assert.True(cases[i].Expected.Code() == record.Headers["sw.dlq.reason"], $"{cases[i].Name}: expected {cases[i].Expected.Code()}, got {record.Headers["sw.dlq.reason"]} ({record.Headers.GetValueOrDefault("sw.dlq.detail")})");
            Assert.Equal(kit.Windows, record.Headers["sw.dlq.topic"]);
            Assert.Equal("0", record.Headers["sw.dlq.partition"]);
            Assert.Equal((1 + (2 * i)).ToString(System.Globalization.CultureInfo.InvariantCulture), record.Headers["sw.dlq.offset"]);
            Assert.Equal(Encoding.UTF8.GetString(cases[i].Value), record.Value);
        }

        Assert.Equal(cases.Length, worker.Progress.DeadLetters);
        Assert.Null(worker.Exit.Reason);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Scorer_ModelThrowsOnEveryBatch_EachWindowDeadLetteredAndLoopGoesOn(bool inBackground)
    {
        await using WorkerTestKit kit = await WorkerTestKit.StartAsync(partitions: 1);
        StatisticalTestModel good = TestModels.Default();
        StatisticalTestModel failing = new(good.ModelKey, good.WindowLength, good.Mean, good.Std, good.Threshold, good.Version) { FailEveryBatch = true };
        RunningWorker worker = await kit.StartWorkerAsync(configure: s =>
        {
            s["Worker:ColdStart"] = "false";
            s["Scorer:BatchSize"] = "4";
            s["Scorer:ScoreInBackground"] = inBackground ? "true" : "false";
            s["Scorer:MaxBatchDelay"] = inBackground ? "00:00:05" : "00:00:00.010";   // background: full batches only
        }, store: new InMemoryModelStore(failing));

        await kit.ProduceAsync(Enumerable.Range(0, 8).Select(i => ("s-1", WindowJson.Window("s-1", i))));

        List<OutputView> dead = kit.ReadUntil(kit.DeadLetters, records => records.Count >= 8, TimeSpan.FromSeconds(20));
        await worker.WaitUntilAsync(p => p.Finished == 8, TimeSpan.FromSeconds(20), "8 windows answered and acknowledged");
        Assert.Equal(8, dead.Count);
        Assert.All(dead, record => Assert.Equal(DeadLetterReason.ProcessingError.Code(), record.Headers["sw.dlq.reason"]));
        Assert.All(dead, record => Assert.Contains("scoring failed: test model", record.Headers["sw.dlq.detail"], StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(0, 8).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            dead.Select(record => record.Headers["sw.dlq.offset"]));
        Assert.Equal(0, worker.Progress.Scored);
        Assert.Null(worker.Exit.Reason);
    }
}
