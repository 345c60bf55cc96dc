using System.Diagnostics;
using Confluent.Kafka;
using SensorWatch.IntegrationTests.Infrastructure;
using SensorWatch.IntegrationTests.Worker;

namespace SensorWatch.IntegrationTests.Trainer;

/// <summary>
/// Reads output topics (read_committed, from the start) on its own thread for the whole test, so a test can wait on
/// what the workers published (e.g. a new <c>modelVersion</c> in score records) instead of on time.
/// </summary>
internal sealed class OutputCollector : IDisposable
{
    private readonly List<OutputView> _records = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly IConsumer<byte[], byte[]> _consumer;

    public OutputCollector(string bootstrapServers, params string[] topics)
    {
        _consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = TopicNames.Unique("collector"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            IsolationLevel = IsolationLevel.ReadCommitted,
        }).SetLogHandler((_, _) => { }).Build();
        _consumer.Subscribe(topics);
        _thread = new Thread(Run) { IsBackground = true, Name = "test-output-collector" };
        _thread.Start();
    }

    /// <summary>A copy of every record read so far, in arrival order.</summary>
    public List<OutputView> Snapshot()
    {
        lock (_records)
        {
            return [.. _records];
        }
    }

    /// <summary>Waits until <paramref name="done"/> holds on the records read so far; throws with <paramref name="describe"/>'s text after <paramref name="timeout"/>.</summary>
    public async Task<List<OutputView>> WaitUntilAsync(Func<List<OutputView>, bool> done, TimeSpan timeout, Func<List<OutputView>, string> describe)
    {
        Stopwatch clock = Stopwatch.StartNew();
        while (true)
        {
            List<OutputView> records = Snapshot();
            if (done(records))
            {
                return records;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Not reached within {timeout.TotalSeconds:0} s ({records.Count} records read): {describe(records)}");
            }

            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(10));
        _consumer.Close();
        _consumer.Dispose();
        _stop.Dispose();
    }

    private void Run()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                ConsumeResult<byte[], byte[]>? result = _consumer.Consume(TimeSpan.FromMilliseconds(100));
                if (result is not null && !result.IsPartitionEOF)
                {
                    lock (_records)
                    {
                        _records.Add(OutputView.From(result));
                    }
                }
            }
            catch (ConsumeException exception) when (!exception.Error.IsFatal)
            {
                // a transient broker error: retry like any consumer
            }
        }
    }
}
