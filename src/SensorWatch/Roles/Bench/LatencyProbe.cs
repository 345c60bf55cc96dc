using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;

namespace SensorWatch.Roles.Bench;

/// <summary>
/// Produce → score-record latency at a fixed rate: a paced producer sends windows with <c>windowId</c> "lat-{i}" and
/// remembers when each was handed to <c>Produce</c>; a reader (fetch wait 5 ms) follows the score topic from its
/// current end and matches each record's windowId. A latency is the time from Produce to the record being read back,
/// so it includes the producer's linger (1 ms), the worker's batching delay, its producer's linger and acks, and the
/// reader's fetch. The first <see cref="WarmUp"/> of the run is not counted.
/// </summary>
internal sealed class LatencyProbe(string bootstrap, BenchInput input, string scoresTopic)
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);
    private static readonly byte[] s_marker = Encoding.ASCII.GetBytes("\"windowId\":\"lat-");

    private int _matched;

    public sealed record Result(double Rate, int Produced, int Matched, double P50Ms, double P99Ms, double MaxMs);

    /// <summary>Produces at <paramref name="rate"/> windows/s for <paramref name="duration"/> to <paramref name="topic"/>.</summary>
    public Result Run(string topic, double rate, TimeSpan duration, CancellationToken cancellationToken)
    {
        int total = (int)(rate * duration.TotalSeconds);
        long[] sent = new long[total];   // Stopwatch timestamp per window index
        List<double> latencies = new(total);
        using IConsumer<Ignore, byte[]> reader = StartReader();
        using CancellationTokenSource done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Thread readerThread = new(() => Read(reader, sent, latencies, done.Token)) { Name = "bench-reader", IsBackground = true };
        readerThread.Start();
        int produced = Produce(topic, rate, total, sent, cancellationToken);
        // wait (bounded) for the tail to come back
        Stopwatch tail = Stopwatch.StartNew();
        while (tail.Elapsed < TimeSpan.FromSeconds(10) && Volatile.Read(ref _matched) < produced && !cancellationToken.IsCancellationRequested)
        {
            Thread.Sleep(20);
        }

        done.Cancel();
        readerThread.Join();
        reader.Close();
        double[] sorted = [.. latencies.Order()];
        return new Result(rate, produced, Volatile.Read(ref _matched), Percentile(sorted, 0.50), Percentile(sorted, 0.99), sorted.Length == 0 ? double.NaN : sorted[^1]);
    }

    private IConsumer<Ignore, byte[]> StartReader()
    {
        IConsumer<Ignore, byte[]> reader = new ConsumerBuilder<Ignore, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "bench-latency-reader",
            EnableAutoCommit = false,
            FetchWaitMaxMs = 5,
        }).Build();
        using IAdminClient admin = new DependentAdminClientBuilder(reader.Handle).Build();
        TopicMetadata scores = admin.GetMetadata(scoresTopic, TimeSpan.FromSeconds(10)).Topics[0];
        List<TopicPartitionOffset> ends = [];
        foreach (PartitionMetadata partition in scores.Partitions)
        {
            TopicPartition tp = new(scoresTopic, partition.PartitionId);
            ends.Add(new TopicPartitionOffset(tp, reader.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High));
        }

        reader.Assign(ends);
        return reader;
    }

    private int Produce(string topic, double rate, int total, long[] sent, CancellationToken cancellationToken)
    {
        using IProducer<byte[], byte[]> producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrap,
            LingerMs = 1,
            CompressionType = CompressionType.Lz4,
        }).Build();
        byte[][] messages = new byte[total][];
        for (int i = 0; i < total; i++)
        {
            messages[i] = input.Message(i, "lat-" + i.ToString(CultureInfo.InvariantCulture));
        }

        long start = Stopwatch.GetTimestamp();
        int produced = 0;
        while (produced < total && !cancellationToken.IsCancellationRequested)
        {
            double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            int due = Math.Min(total, (int)(rate * elapsed));
            for (; produced < due; produced++)
            {
                Volatile.Write(ref sent[produced], Stopwatch.GetTimestamp());
                producer.Produce(topic, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(BenchInput.SensorOf(produced)), Value = messages[produced] });
            }

            producer.Poll(TimeSpan.FromMilliseconds(1));
        }

        producer.Flush(TimeSpan.FromSeconds(30));
        return produced;
    }

    private void Read(IConsumer<Ignore, byte[]> reader, long[] sent, List<double> latencies, CancellationToken done)
    {
        long warmUpEnds = Stopwatch.GetTimestamp() + (long)(WarmUp.TotalSeconds * Stopwatch.Frequency);
        while (!done.IsCancellationRequested)
        {
            ConsumeResult<Ignore, byte[]>? result = reader.Consume(TimeSpan.FromMilliseconds(50));
            if (result?.Message?.Value is not { } value)
            {
                continue;
            }

            long now = Stopwatch.GetTimestamp();
            int index = IndexOf(value);
            if (index < 0 || index >= sent.Length)
            {
                continue;
            }

            Interlocked.Increment(ref _matched);
            long at = Volatile.Read(ref sent[index]);
            if (at >= warmUpEnds)
            {
                latencies.Add((now - at) * 1000.0 / Stopwatch.Frequency);
            }
        }
    }

    /// <summary>The i of <c>"windowId":"lat-i"</c> in a score record, or -1.</summary>
    private static int IndexOf(ReadOnlySpan<byte> record)
    {
        int at = record.IndexOf(s_marker);
        if (at < 0)
        {
            return -1;
        }

        int index = 0;
        for (int i = at + s_marker.Length; i < record.Length && record[i] is >= (byte)'0' and <= (byte)'9'; i++)
        {
            index = (index * 10) + (record[i] - '0');
        }

        return index;
    }

    private static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
}
