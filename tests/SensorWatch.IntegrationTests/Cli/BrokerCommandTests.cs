using Confluent.Kafka;
using SensorWatch.IntegrationTests.Infrastructure;

namespace SensorWatch.IntegrationTests.Cli;

/// <summary><c>sensorwatch broker</c> as a real child process, used by a client the project did not write (Confluent's).</summary>
public sealed class BrokerCommandTests
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);

    [Fact(Timeout = 60_000)]
    public async Task Broker_Started_ServesItsTopicsUntilSigtermThenExitsZero()
    {
        using SensorWatchProcess broker = SensorWatchProcess.Start("broker", "--brokers", "2", "--topics", "cli.a:3,cli.b");
        string line = await broker.WaitForLineAsync(l => l.StartsWith("bootstrap.servers=", StringComparison.Ordinal), s_startTimeout);
        string bootstrap = line["bootstrap.servers=".Length..];

        using (IAdminClient admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build())
        {
            Metadata metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
            Assert.Equal(2, metadata.Brokers.Count);
            Assert.Equal(3, metadata.Topics.Single(t => t.Topic == "cli.a").Partitions.Count);
            Assert.Equal(4, metadata.Topics.Single(t => t.Topic == "cli.b").Partitions.Count);
        }

        using (IProducer<string, string> producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = bootstrap }).Build())
        {
            DeliveryResult<string, string> delivered = await producer.ProduceAsync("cli.a", new Message<string, string> { Key = "k", Value = "v" });
            Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
        }

        broker.Terminate();
        Assert.Equal(0, await broker.WaitForExitAsync(TimeSpan.FromSeconds(15)));
        Assert.Contains("Stopping the embedded cluster.", broker.Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Broker_DefaultTopics_CreatesEverySensorWatchTopic()
    {
        using SensorWatchProcess broker = SensorWatchProcess.Start("broker", "--brokers", "1", "--partitions", "2");
        string line = await broker.WaitForLineAsync(l => l.StartsWith("bootstrap.servers=", StringComparison.Ordinal), s_startTimeout);

        using IAdminClient admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = line["bootstrap.servers=".Length..] }).Build();
        string[] topics = [.. admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Select(t => t.Topic)];
        foreach (string expected in new[] { "sensor.windows", "sensor.readings", "sensor.alerts", "sensor.scores", "sensor.windows.dlq",
            "sensor.feedback", "sensor.samples", "sensor.models", "sensor.alert-state" })
        {
            Assert.Contains(expected, topics);
        }

        broker.Terminate();
        Assert.Equal(0, await broker.WaitForExitAsync(TimeSpan.FromSeconds(15)));
    }

    [Fact(Timeout = 60_000)]
    public async Task Broker_BadTopics_ExitsTwoNamingTheProblem()
    {
        using SensorWatchProcess broker = SensorWatchProcess.Start("broker", "--topics", "bad name,x:0");

        Assert.Equal(2, await broker.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("'bad name'", broker.Output, StringComparison.Ordinal);
        Assert.Contains("'x:0'", broker.Output, StringComparison.Ordinal);
    }
}
