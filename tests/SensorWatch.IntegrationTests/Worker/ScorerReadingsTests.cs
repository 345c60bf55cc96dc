using System.Globalization;
using System.Text;
using Confluent.Kafka;
using SensorWatch.Kafka.Messages;

namespace SensorWatch.IntegrationTests.Worker;

/// <summary>The second input form: one reading per message, assembled into sliding windows and scored like windows.</summary>
public sealed class ScorerReadingsTests
{
    private const int Stride = 8;

    [Fact]
    public async Task Scorer_ReadingsWithDuplicateLateTooOldAndBad_ScoresExpectedWindowsDeadLettersBadAndCommitsOnlyBehindOpenWindow()
    {
        await using WorkerTestKit kit = await WorkerTestKit.StartAsync(partitions: 1, readings: true);
        RunningWorker worker = await kit.StartWorkerAsync(configure: s =>
        {
            s["Worker:ColdStart"] = "false";
            s["Scorer:Readings:WindowLength"] = WindowJson.Length.ToString(CultureInfo.InvariantCulture);
            s["Scorer:Readings:Stride"] = Stride.ToString(CultureInfo.InvariantCulture);
        }, store: new InMemoryModelStore(TestModels.Default()));

        // 40 readings of one sensor at 1 s: T = 16, S = 8 → windows start at readings 0, 8, 16, 24; 32..39 stay open.
        // Reading 20 arrives before 19 (late, inserted in order), 21 is sent twice (last write wins), reading 3 arrives
        // again after window 1 was emitted (too old: dropped), and one malformed reading is dead-lettered.
        List<(string Name, string Value)> plan = [];
        for (int i = 0; i < 40; i++)
        {
            int index = i switch { 19 => 20, 20 => 19, _ => i };
            plan.Add(($"r{index}", Reading("r-1", index)));
            if (index == 21)
            {
                plan.Add(("r21-again", Reading("r-1", 21, offset: 0.5)));
            }

            if (index == 30)
            {
                plan.Add(("r3-too-old", Reading("r-1", 3)));
                plan.Add(("bad", "{\"sensorId\":\"r-1\",\"ts\":"));
            }
        }

        IReadOnlyList<DeliveryResult<string, string>> produced = await kit.Kafka.ProduceAsync(kit.Readings,
            plan.Select(entry => new KeyValuePair<string, string>("r-1", entry.Value)));
        Dictionary<string, long> offsetOf = plan.Select((entry, i) => (entry.Name, produced[i].Offset.Value)).ToDictionary(pair => pair.Name, pair => pair.Value);

        List<OutputView> dead = kit.ReadUntil(kit.DeadLetters, records => records.Count >= 1, TimeSpan.FromSeconds(20));
        await worker.WaitUntilAsync(p => p.Scored >= 4, TimeSpan.FromSeconds(20), "four assembled windows scored");
        await worker.StopAsync();
        List<OutputView> scores = kit.ReadAll(kit.Scores, TimeSpan.FromSeconds(1));

        Assert.Equal([0, 8, 16, 24], scores.Select(record => StepOf(record.Field("windowStart")!)).Order());
        Assert.All(scores, record => Assert.Equal("scored", record.Field("status")));
        Assert.All(scores, record => Assert.Equal("r-1", record.Key));
        OutputView bad = Assert.Single(dead);
        Assert.Equal(DeadLetterReason.MalformedJson.Code(), bad.Headers["sw.dlq.reason"]);
        Assert.Equal(kit.Readings, bad.Headers["sw.dlq.topic"]);
        Assert.Equal(offsetOf["bad"].ToString(CultureInfo.InvariantCulture), bad.Headers["sw.dlq.offset"]);

        // Readings 32..39 are still in the open window: the committed position stops at the first of them.
        TopicPartitionOffset committed = Assert.Single(kit.CommittedOffsets(1, kit.Readings));
        Assert.Equal(offsetOf["r32"], committed.Offset.Value);
        Assert.Null(worker.Exit.Reason);
    }

    /// <summary>Reading <paramref name="index"/> of a sensor at BaseMs + index s: the same smooth signal as <see cref="WindowJson"/>.</summary>
    private static string Reading(string sensorId, int index, double offset = 0)
    {
        StringBuilder json = new(128);
        string ts = DateTimeOffset.FromUnixTimeMilliseconds(WindowJson.BaseMs + (index * 1000L)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        json.Append("{\"sensorId\":\"").Append(sensorId).Append("\",\"ts\":\"").Append(ts).Append("\",\"values\":[");
        for (int d = 0; d < WindowJson.Features; d++)
        {
            double value = (Math.Sin((index / 5.0) + d) * (d + 1)) + offset;
            json.Append(d == 0 ? "" : ",").Append(value.ToString("F4", CultureInfo.InvariantCulture));
        }

        return json.Append("]}").ToString();
    }

    private static int StepOf(string windowStart) =>
        (int)((DateTimeOffset.Parse(windowStart, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds() - WindowJson.BaseMs) / 1000);
}
