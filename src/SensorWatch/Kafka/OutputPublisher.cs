using System.Collections.Concurrent;
using Confluent.Kafka;
using SensorWatch.Roles;

namespace SensorWatch.Kafka;

/// <summary>
/// Produces output records and turns delivery reports into work for the consume loop: finished tickets, records to
/// produce again (a delivery that failed after librdkafka's own retries), and fatal errors. Delivery handlers run on
/// librdkafka's thread and only enqueue; every decision is taken on the loop thread.
/// </summary>
internal sealed class OutputPublisher : IDisposable
{
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly ConcurrentQueue<InputTicket> _finished = new();
    private readonly ConcurrentQueue<(OutputRecord Record, Error Error)> _failed = new();
    private readonly ConcurrentQueue<Error> _clientErrors = new();
    private readonly ConcurrentQueue<(OutputRecord Record, TopicPartition Partition)> _unconfirmed = new();
    private long _inFlight;

    public OutputPublisher(IProducer<byte[], byte[]> producer)
    {
        _producer = producer;
    }

    /// <summary>Builds the scorer's producer (idempotent; transactional for exactly-once) wired to this publisher.</summary>
    public static OutputPublisher Create(WorkerSettings settings)
    {
        OutputPublisher? publisher = null;
        IProducer<byte[], byte[]> producer = new ProducerBuilder<byte[], byte[]>(KafkaClientConfigs.Producer(settings))
            .SetErrorHandler((_, error) => publisher?.ReportClientError(error))
            .SetLogHandler((_, _) => { })
            .Build();
        publisher = new OutputPublisher(producer);
        return publisher;
    }

    public IProducer<byte[], byte[]> Producer => _producer;

    /// <summary>Outputs handed to the producer and not yet acknowledged.</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>Produce one record; blocks (polling the producer) while librdkafka's bounded queue is full.</summary>
    public void Publish(OutputRecord record, CancellationToken cancellationToken)
    {
        record.Ticket.AddOutput();
        Interlocked.Increment(ref _inFlight);
        while (true)
        {
            try
            {
                Produce(record);
                return;
            }
            catch (ProduceException<byte[], byte[]> exception) when (exception.Error.Code == ErrorCode.Local_QueueFull && !cancellationToken.IsCancellationRequested)
            {
                _producer.Poll(TimeSpan.FromMilliseconds(20));
            }
            catch
            {
                Interlocked.Decrement(ref _inFlight);
                record.Ticket.OutputAcknowledged();
                throw;
            }
        }
    }

    /// <summary>Marks that no more outputs will be produced for the ticket.</summary>
    public void Seal(InputTicket ticket)
    {
        if (ticket.Seal())
        {
            _finished.Enqueue(ticket);
        }
    }

    public bool TryTakeFinished(out InputTicket ticket) => _finished.TryDequeue(out ticket!);

    public bool TryTakeFailed(out OutputRecord record, out Error error)
    {
        if (_failed.TryDequeue(out (OutputRecord Record, Error Error) item))
        {
            record = item.Record;
            error = item.Error;
            return true;
        }

        record = null!;
        error = null!;
        return false;
    }

    /// <summary>
    /// A success report without an offset (<see cref="IsUnconfirmed"/>): the record is not known to be written, so its
    /// ticket is not released; the loop counts it and produces it again (or aborts the transaction).
    /// </summary>
    public bool TryTakeUnconfirmed(out OutputRecord record, out TopicPartition partition)
    {
        if (_unconfirmed.TryDequeue(out (OutputRecord Record, TopicPartition Partition) item))
        {
            record = item.Record;
            partition = item.Partition;
            return true;
        }

        record = null!;
        partition = null!;
        return false;
    }

    /// <summary>
    /// True for a delivery report without error whose offset is unset. With <c>acks=all</c> (the idempotent producer) a
    /// broker that appended a record always returns its offset, so such a report only says "not known to be written":
    /// librdkafka's mock cluster sends them for records it never appended when Produce meets NOT_LEADER_FOR_PARTITION
    /// (tests: MockAcknowledgementTests). Treating it as delivered could commit past an output that does not exist.
    /// </summary>
    public static bool IsUnconfirmed(DeliveryReport<byte[], byte[]> report) => !report.Error.IsError && report.Offset == Offset.Unset;

    /// <summary>Called from the producer's error handler (librdkafka's thread); the loop sorts it.</summary>
    public void ReportClientError(Error error) => _clientErrors.Enqueue(error);

    public bool TryTakeClientError(out Error error) => _clientErrors.TryDequeue(out error!);

    /// <summary>Re-produces a record whose delivery failed; its ticket still owes it, so the count is unchanged.</summary>
    public void Retry(OutputRecord record)
    {
        Interlocked.Increment(ref _inFlight);
        Produce(record);
    }

    /// <summary>Waits (bounded) until every produced output is acknowledged or failed; true when none is left.</summary>
    public bool Flush(TimeSpan timeout) => _producer.Flush(timeout) == 0;

    public void Dispose() => _producer.Dispose();

    private void Produce(OutputRecord record)
    {
        if (record.Partition is int partition)
        {
            _producer.Produce(new TopicPartition(record.Topic, partition), record.Message, report => OnDelivered(record, report));
        }
        else
        {
            _producer.Produce(record.Topic, record.Message, report => OnDelivered(record, report));
        }
    }

    private void OnDelivered(OutputRecord record, DeliveryReport<byte[], byte[]> report)
    {
        Interlocked.Decrement(ref _inFlight);
        if (report.Error.IsError)
        {
            _failed.Enqueue((record, report.Error));
            return;
        }

        if (IsUnconfirmed(report))
        {
            _unconfirmed.Enqueue((record, report.TopicPartition));
            return;
        }

        if (record.Ticket.OutputAcknowledged())
        {
            _finished.Enqueue(record.Ticket);
        }
    }
}
