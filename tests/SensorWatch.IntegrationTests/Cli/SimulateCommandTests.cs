using System.Text.Json;
using SensorWatch.IntegrationTests.Infrastructure;

namespace SensorWatch.IntegrationTests.Cli;

/// <summary><c>sensorwatch simulate</c> as a real child process against the embedded cluster.</summary>
public sealed class SimulateCommandTests
{
    [Fact(Timeout = 60_000)]
    public async Task Simulate_ShortRun_ProducesWindowsAndWritesTheTruthFile()
    {
        await using KafkaTestEnvironment kafka = await KafkaTestEnvironment.StartAsync(brokers: 1);
        string topic = await kafka.CreateTopicAsync("cli-windows", partitions: 2);
        string truth = Path.Combine(Path.GetTempPath(), $"truth-{Guid.NewGuid():N}.jsonl");

        using SensorWatchProcess simulate = SensorWatchProcess.Start("simulate", "--bootstrap", kafka.BootstrapServers, "--topic", topic,
            "--sensors", "3", "--rate", "60/s", "--anomaly-every", "200ms", "--duration", "1.5s", "--truth", truth, "--window", "16");

        Assert.Equal(0, await simulate.WaitForExitAsync(TimeSpan.FromSeconds(40)));
        string done = simulate.Output.Split('\n').Single(line => line.StartsWith("done:", StringComparison.Ordinal));
        int produced = int.Parse(done.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(produced > 5, done);
        Assert.Equal(produced, kafka.Consume(topic, produced).Count);
        string[] lines = await File.ReadAllLinesAsync(truth);
        File.Delete(truth);
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.StartsWith("pump-", JsonDocument.Parse(line).RootElement.GetProperty("sensorId").GetString(), StringComparison.Ordinal));
        kafka.AssertNoLeaks();
    }

    [Fact(Timeout = 60_000)]
    public async Task Simulate_RateAndTimeScaleTogether_ExitsTwo()
    {
        using SensorWatchProcess simulate = SensorWatchProcess.Start("simulate", "--bootstrap", "127.0.0.1:1", "--rate", "5/s", "--time-scale", "2");

        Assert.Equal(2, await simulate.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("not both", simulate.Output, StringComparison.Ordinal);
    }
}
