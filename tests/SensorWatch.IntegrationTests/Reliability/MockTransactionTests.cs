using Confluent.Kafka;
using SensorWatch.IntegrationTests.Infrastructure;

namespace SensorWatch.IntegrationTests.Reliability;

/// <summary>
/// A property of the test bed, pinned so nobody reads an exactly-once result off it: librdkafka's mock cluster
/// accepts transactions but does not hide aborted transactional records from <c>read_committed</c> readers. If this
/// test fails, the mock learned isolation and the exactly-once crash loop can assert zero duplicates there too.
/// </summary>
public sealed class MockTransactionTests
{
    [Fact]
    public async Task EmbeddedCluster_AbortedTransaction_StillVisibleToReadCommittedReader()
    {
        await using KafkaTestEnvironment kafka = await KafkaTestEnvironment.StartAsync();
        string topic = await kafka.CreateTopicAsync("txn", 1);
        using (IProducer<string, string> producer = kafka.CreateProducer(config => config.TransactionalId = TopicNames.Unique("txn")))
        {
            producer.InitTransactions(TimeSpan.FromSeconds(20));
            producer.BeginTransaction();
            producer.Produce(topic, new Message<string, string> { Key = "k", Value = "aborted" });
            producer.Flush(TimeSpan.FromSeconds(10));
            producer.AbortTransaction(TimeSpan.FromSeconds(20));
            producer.BeginTransaction();
            producer.Produce(topic, new Message<string, string> { Key = "k", Value = "committed" });
            producer.CommitTransaction(TimeSpan.FromSeconds(20));
        }

        List<string> seen = [];
        using (IConsumer<string, string> consumer = kafka.CreateConsumer(configure: config => config.IsolationLevel = IsolationLevel.ReadCommitted))
        {
            consumer.Subscribe(topic);
            DateTime until = DateTime.UtcNow.AddSeconds(10);
            while (DateTime.UtcNow < until && !seen.Contains("committed"))
            {
                ConsumeResult<string, string>? result = consumer.Consume(TimeSpan.FromMilliseconds(100));
                if (result?.Message is not null)
                {
                    seen.Add(result.Message.Value);
                }
            }

            consumer.Close();
        }

        Assert.Contains("committed", seen);
        Assert.True(seen.Contains("aborted"), "read_committed hid the aborted record (the mock learned isolation): seen " + string.Join(",", seen));
    }
}
