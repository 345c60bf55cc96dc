using Confluent.Kafka;
using SensorWatch.Embedded;
using SensorWatch.IntegrationTests.Infrastructure;

namespace SensorWatch.IntegrationTests.Embedded;

/// <summary>The embedded cluster itself: real clients over TCP, fault injection, lifetime. Each test owns a fresh cluster.</summary>
public sealed class EmbeddedKafkaClusterTests
{
    private const int TestTimeoutMs = 60_000;

    [Fact(Timeout = TestTimeoutMs)]
    public async Task Constructor_ThreeBrokers_BootstrapListsThreeLoopbackListeners()
    {
        await using KafkaTestEnvironment kafka = await KafkaTestEnvironment.StartAsync(brokers: 3);

        string[] listeners = kafka.BootstrapServers.Split(',');
        Assert.Equal(3, listeners.Length);
        Assert.All(listeners, listener => Assert.StartsWith("127.0.0.1:", listener, StringComparison.Ordinal));
        Assert.Equal(3, listeners.Distinct().Count());
        Assert.StartsWith("2.16", kafka.Cluster.LibrdkafkaVersion, StringComparison.Ordinal);
    }

    [Theory(Timeout = TestTimeoutMs), EmbeddedKafka, ContainerKafka]
    public async Task ProduceConsume_OverTcp_EveryMessageArrivesInOrderPerKey(KafkaBackend backend)
    {
        await using KafkaTestEnvironment kafka = await KafkaTestEnvironment.StartAsync(backend);
        string topic = await kafka.CreateTopicAsync("roundtrip", partitions: 4);

        await kafka.ProduceAsync(topic, KafkaTestClients.Numbered(200));
        IReadOnlyList<ConsumeResult<string, string>> consumed = kafka.Consume(topic, 200);

        Assert.Equal(200, consumed.Select(result => result.Message.Key).Distinct().Count());
        Assert.All(consumed, result => Assert.Equal(result.Message.Key.Replace("key", "value", StringComparison.Ordinal), result.Message.Value));
        foreach (IGrouping<Partition, ConsumeResult<string, string>> partition in consumed.GroupBy(result => result.Partition))
        {
            long[] offsets = [.. partition.Select(result => result.Offset.Value)];
            Assert.Equal(offsets.Order(), offsets);
        }

        kafka.AssertNoLeaks();
    }

    [Fact(Timeout = TestTimeoutMs)]
    public async Task ConsumerGroup_TwoCooperativeStickyMembers_SplitThePartitions()
    {
        await using KafkaTestEnvironment kafka = await KafkaTestEnvironment.StartAsync();
        string topic = await kafka.CreateTopicAsync("group", partitions: 4);
        string group = TopicNames.Unique("group");
        await kafka.ProduceAsync(topic, KafkaTestClients.Numbered(40));

        using (IConsumer<string, string> first = kafka.CreateConsumer(group))
        using (IConsumer<string, string> second = kafka.CreateConsumer(group))
        {
            first.Subscribe(topic);
            second.Subscribe(topic);
            DateTime deadline = DateTime.UtcNow.AddSeconds(30);
            while ((first.Assignment.Count != 2 || second.Assignment.Count != 2) && DateTime.UtcNow < deadline)
            {
                first.Consume(TimeSpan.FromMilliseconds(50));
                second.Consume(TimeSpan.FromMilliseconds(50));
            }

            Assert.Equal(2, first.Assignment.Count);
            Assert.Equal(2, second.Assignment.Count);
            Assert.Empty(first.Assignment.Intersect(second.Assignment));
            first.Close();
            second.Close();
        }

        kafka.AssertNoLeaks();
    }

    [Fact(Timeout = TestTimeoutMs)]
    public async Task SetBrokerDown_AllBrokersDownThenUp_ProducerDeliversEverythingAfterRecovery()
    {
        await using KafkaTestEnvironment kafka = await KafkaTestEnvironment.StartAsync();
        string topic = await kafka.CreateTopicAsync("outage", partitions: 2);
        await kafka.ProduceAsync(topic, KafkaTestClients.Numbered(10, "before-"));

        using IProducer<string, string> producer = kafka.CreateProducer();
        kafka.Cluster.SetBrokerDown(-1);
        Task<IReadOnlyList<DeliveryResult<string, string>>> during =
            KafkaTestClients.ProduceAsync(producer, topic, KafkaTestClients.Numbered(20, "during-"), TimeSpan.FromSeconds(30));
        await Task.Delay(1500);
        Assert.False(during.IsCompleted, "nothing can be delivered while every broker is down");
        kafka.Cluster.SetBrokerUp(-1);

        IReadOnlyList<DeliveryResult<string, string>> delivered = await during;
        Assert.All(delivered, result => Assert.Equal(PersistenceStatus.Persisted, result.Status));
        Assert.Equal(30, kafka.Consume(topic, 30).Select(result => result.Message.Key).Distinct().Count());
        producer.Dispose();
        kafka.AssertNoLeaks();
    }

    [Fact(Timeout = TestTimeoutMs)]
    public async Task SetPartitionLeader_MovedMidStream_NoMessageLost()
    {
        await using KafkaTestEnvironment kafka = await KafkaTestEnvironment.StartAsync();
        string topic = await kafka.CreateTopicAsync("leader", partitions: 2, replicationFactor: 3);
        await kafka.ProduceAsync(topic, KafkaTestClients.Numbered(50, "a-"));

        kafka.Cluster.SetPartitionLeader(topic, 0, 2);
        kafka.Cluster.SetPartitionLeader(topic, 1, 3);
        await kafka.ProduceAsync(topic, KafkaTestClients.Numbered(50, "b-"));

        Assert.Equal(100, kafka.Consume(topic, 100).Select(result => result.Message.Key).Distinct().Count());
        kafka.AssertNoLeaks();
    }

    [Fact(Timeout = TestTimeoutMs)]
    public async Task PushRequestErrors_RetriableProduceErrors_IdempotentProducerRetriesWithoutDuplicates()
    {
        await using KafkaTestEnvironment kafka = await KafkaTestEnvironment.StartAsync();
        string topic = await kafka.CreateTopicAsync("errors", partitions: 1);
        await kafka.ProduceAsync(topic, KafkaTestClients.Numbered(1, "warmup-"));

        kafka.Cluster.StartRequestTracking();
        kafka.Cluster.PushRequestErrors(KafkaApiKey.Produce,
            ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut, ErrorCode.NotEnoughReplicas);
        await kafka.ProduceAsync(topic, KafkaTestClients.Numbered(20));

        int produceRequests = kafka.Cluster.GetRequests().Count(request => request.ApiKey == KafkaApiKey.Produce);
        Assert.True(produceRequests >= 4, $"3 injected failures need at least 4 Produce requests, saw {produceRequests}");
        kafka.Cluster.StopRequestTracking();
        IReadOnlyList<ConsumeResult<string, string>> consumed = kafka.Consume(topic, 21);
        using IConsumer<string, string> probe = kafka.CreateConsumer();
        WatermarkOffsets watermarks = probe.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(10));
        Assert.Equal(21, watermarks.High.Value);
        Assert.Equal(21, consumed.Select(result => result.Message.Key).Distinct().Count());
        probe.Dispose();
        kafka.AssertNoLeaks();
    }

    [Fact(Timeout = TestTimeoutMs)]
    public async Task SetCoordinator_GroupMovedToBrokerTwo_GroupRequestsGoToBrokerTwo()
    {
        await using KafkaTestEnvironment kafka = await KafkaTestEnvironment.StartAsync();
        string topic = await kafka.CreateTopicAsync("coordinator", partitions: 1);
        string group = TopicNames.Unique("group");
        await kafka.ProduceAsync(topic, KafkaTestClients.Numbered(5));

        kafka.Cluster.SetCoordinator("group", group, 2);
        kafka.Cluster.StartRequestTracking();
        Assert.Equal(5, kafka.Consume(topic, 5, groupId: group).Count);

        IReadOnlyList<MockRequest> joins = [.. kafka.Cluster.GetRequests().Where(request => request.ApiKey == KafkaApiKey.JoinGroup)];
        Assert.NotEmpty(joins);
        Assert.All(joins, request => Assert.Equal(2, request.BrokerId));
        kafka.AssertNoLeaks();
    }

    [Fact(Timeout = TestTimeoutMs)]
    public async Task SetTopicError_UnknownTopicInMetadata_ProducerWaitsUntilCleared()
    {
        await using KafkaTestEnvironment kafka = await KafkaTestEnvironment.StartAsync();
        string topic = await kafka.CreateTopicAsync("topic-error", partitions: 1);

        kafka.Cluster.SetTopicError(topic, ErrorCode.TopicAuthorizationFailed);
        using IProducer<string, string> producer = kafka.CreateProducer();
        ProduceException<string, string> failure = await Assert.ThrowsAsync<ProduceException<string, string>>(
            () => producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "v" }));
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, failure.Error.Code);

        kafka.Cluster.SetTopicError(topic, ErrorCode.NoError);
        await kafka.ProduceAsync(topic, KafkaTestClients.Numbered(1));
        producer.Dispose();
        kafka.AssertNoLeaks();
    }

    [Fact(Timeout = TestTimeoutMs)]
    public async Task Dispose_Twice_SecondCallIsANoOp()
    {
        EmbeddedKafkaCluster cluster = new(1);
        cluster.CreateTopic("t", 1);

        cluster.Dispose();
        cluster.Dispose();

        Assert.True(cluster.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => cluster.CreateTopic("u", 1));
        await Task.CompletedTask;
    }

    [Fact(Timeout = TestTimeoutMs)]
    public async Task Dispose_WhileClientStillConnected_ProcessSurvivesAndClientDisposesLater()
    {
        EmbeddedKafkaCluster cluster = new(1);
        cluster.CreateTopic("t", 1);
        using IProducer<string, string> producer = new ProducerBuilder<string, string>(
            new ProducerConfig { BootstrapServers = cluster.BootstrapServers, MessageTimeoutMs = 2_000 })
            .SetLogHandler((_, _) => { }).Build();
        await producer.ProduceAsync("t", new Message<string, string> { Key = "k", Value = "v" });

        cluster.Dispose();
        ProduceException<string, string> failure = await Assert.ThrowsAsync<ProduceException<string, string>>(
            () => producer.ProduceAsync("t", new Message<string, string> { Key = "k", Value = "v" }));

        Assert.Equal(ErrorCode.Local_MsgTimedOut, failure.Error.Code);
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryError()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(
            () => new EmbeddedKafkaCluster(new EmbeddedKafkaClusterOptions { Brokers = 0, LogLevel = 9 }));

        Assert.Contains("Brokers", error.Message, StringComparison.Ordinal);
        Assert.Contains("LogLevel", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateTopic_ReplicationAboveBrokerCount_Throws()
    {
        using EmbeddedKafkaCluster cluster = new(2);

        Assert.Throws<ArgumentOutOfRangeException>(() => cluster.CreateTopic("t", 1, replicationFactor: 3));
    }

    [Fact]
    public void SelfCheck_Run_ResolvesEverySymbolAndReportsTheVersion()
    {
        string version = RdKafkaSelfCheck.Run();

        Assert.Equal("2.16.0", version);
        Assert.NotNull(LibRdKafkaLoader.LoadedPath);
        Assert.Contains("librdkafka", Path.GetFileName(LibRdKafkaLoader.LoadedPath), StringComparison.Ordinal);
    }
}
