using System.Diagnostics;
using Confluent.Kafka;

namespace SensorWatch.IntegrationTests.Infrastructure;

/// <summary>Produce and consume helpers with hard time bounds, so a broken test fails instead of hanging.</summary>
public static class KafkaTestClients
{
    /// <summary>Produces all messages, flushes, and returns the delivery results in input order.</summary>
    public static async Task<IReadOnlyList<DeliveryResult<string, string>>> ProduceAsync(IProducer<string, string> producer,
        string topic, IEnumerable<KeyValuePair<string, string>> messages, TimeSpan timeout)
    {
        List<Task<DeliveryResult<string, string>>> pending = [];
        foreach (KeyValuePair<string, string> message in messages)
        {
            pending.Add(producer.ProduceAsync(topic, new Message<string, string> { Key = message.Key, Value = message.Value }));
        }

        Task<DeliveryResult<string, string>[]> all = Task.WhenAll(pending);
        Task finished = await Task.WhenAny(all, Task.Delay(timeout)).ConfigureAwait(false);
        if (finished != all)
        {
            int done = pending.Count(task => task.IsCompletedSuccessfully);
            throw new TimeoutException($"Produce to {topic}: only {done} of {pending.Count} delivered within {timeout.TotalSeconds:0.#} s.");
        }

        return await all.ConfigureAwait(false);
    }

    /// <summary>Polls until <paramref name="count"/> messages arrived; throws <see cref="TimeoutException"/> naming how many came.</summary>
    public static IReadOnlyList<ConsumeResult<string, string>> Consume(IConsumer<string, string> consumer, int count, TimeSpan timeout)
    {
        List<ConsumeResult<string, string>> results = [];
        Stopwatch clock = Stopwatch.StartNew();
        while (results.Count < count)
        {
            TimeSpan left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"Consumed {results.Count} of {count} messages within {timeout.TotalSeconds:0.#} s.");
            }

            ConsumeResult<string, string>? result = consumer.Consume(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
            if (result is not null && !result.IsPartitionEOF)
            {
                results.Add(result);
            }
        }

        return results;
    }

    /// <summary>"key-i" → "value-i" for i in [0, count).</summary>
    public static IEnumerable<KeyValuePair<string, string>> Numbered(int count, string prefix = "") =>
        Enumerable.Range(0, count).Select(i => new KeyValuePair<string, string>($"{prefix}key-{i}", $"{prefix}value-{i}"));
}
