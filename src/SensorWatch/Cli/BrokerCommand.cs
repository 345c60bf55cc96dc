using System.CommandLine;
using SensorWatch.Embedded;

namespace SensorWatch.Cli;

/// <summary>
/// <c>sensorwatch broker</c>: runs a standalone embedded Kafka cluster for local development, creates SensorWatch's
/// topics, prints the bootstrap servers and waits for Ctrl+C / SIGTERM.
/// </summary>
internal static class BrokerCommand
{
    public static Command Create()
    {
        Command command = new("broker", "Run an in-process Kafka-protocol cluster (librdkafka mock; loopback, plaintext, in memory) until Ctrl+C.");
        Option<int> brokers = new("--brokers") { Description = "Number of brokers (1-64).", DefaultValueFactory = _ => 3 };
        Option<string?> topics = new("--topics") { Description = "Topics to create: name[:partitions],... (default: SensorWatch's topics)." };
        Option<int> partitions = new("--partitions") { Description = "Partitions for topics given without a count.", DefaultValueFactory = _ => 4 };
        command.Options.Add(brokers);
        command.Options.Add(topics);
        command.Options.Add(partitions);

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            int brokerCount = parseResult.GetValue(brokers);
            int defaultPartitions = parseResult.GetValue(partitions);
            IReadOnlyList<TopicSpec> specs;
            try
            {
                if (brokerCount is < 1 or > 64)
                {
                    throw new FormatException($"--brokers must be 1..64, was {brokerCount}.");
                }

                if (defaultPartitions < 1)
                {
                    throw new FormatException($"--partitions must be >= 1, was {defaultPartitions}.");
                }

                string? topicList = parseResult.GetValue(topics);
                specs = topicList is null
                    ? [.. TopicSpec.SensorWatchTopics.Select(name => new TopicSpec(name, defaultPartitions))]
                    : TopicSpec.ParseList(topicList, defaultPartitions);
            }
            catch (FormatException error)
            {
                await Console.Error.WriteLineAsync($"broker: {error.Message}").ConfigureAwait(false);
                return 2;
            }

            try
            {
                return await RunAsync(brokerCount, specs, cancellationToken).ConfigureAwait(false);
            }
            catch (EmbeddedKafkaException error)
            {
                await Console.Error.WriteLineAsync($"broker: {error.Message}").ConfigureAwait(false);
                return 1;
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(int brokerCount, IReadOnlyList<TopicSpec> specs, CancellationToken cancellationToken)
    {
        using EmbeddedKafkaCluster cluster = new(new EmbeddedKafkaClusterOptions { Brokers = brokerCount });
        int replication = Math.Min(3, brokerCount);
        foreach (TopicSpec spec in specs)
        {
            cluster.CreateTopic(spec.Name, spec.Partitions, replication);
        }

        string first = specs[0].Name;
        Console.WriteLine($"Embedded Kafka cluster (librdkafka {cluster.LibrdkafkaVersion} mock): {brokerCount} broker(s), loopback only, plaintext, in memory.");
        Console.WriteLine($"Topics (replication {replication}): {string.Join(", ", specs.Select(spec => $"{spec.Name}:{spec.Partitions}"))}");
        Console.WriteLine($"bootstrap.servers={cluster.BootstrapServers}");
        Console.WriteLine("Try:");
        Console.WriteLine($"  echo 'pump-1:{{\"hello\":1}}' | kcat -P -b {cluster.BootstrapServers} -t {first} -K:");
        Console.WriteLine($"  kcat -C -b {cluster.BootstrapServers} -t {first} -o beginning -e -f '%k %s\\n'");
        Console.WriteLine($"  sensorwatch simulate --bootstrap {cluster.BootstrapServers}");
        Console.WriteLine("Topics are not auto-created by consumers and CreateTopics is not served: list every topic in --topics.");
        Console.WriteLine("Press Ctrl+C to stop (all data is discarded).");
        await Console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);

        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine("Stopping the embedded cluster.");
        }

        return 0;
    }
}
