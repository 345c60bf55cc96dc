using Confluent.Kafka;
using SensorWatch.Kafka;

namespace SensorWatch.Roles.Scorer;

/// <summary>
/// Mirrors the assembler's open windows with the readings' <see cref="InputTicket"/>s, so a reading's offset is
/// stored only when it has left its sensor's open window AND every window that contained it is acknowledged.
/// A held ticket keeps its initial "producing" reference until it leaves the open window (<see cref="InputTicket.Seal"/>
/// by the caller on the released list); each emitted window adds one reference per reading it contains, released
/// when that window's outputs are acknowledged. Single-threaded: the consume loop only.
/// </summary>
internal sealed class ReadingHolds
{
    private readonly Dictionary<string, List<HeldReading>> _sensors = new(StringComparer.Ordinal);

    /// <summary>Readings held in open windows (their offsets cannot be stored yet).</summary>
    public int Count { get; private set; }

    /// <summary>Holds a reading at <paramref name="timestampMs"/>; a reading with the same time is replaced (its ticket released).</summary>
    public void Hold(string sensorId, long timestampMs, InputTicket ticket, List<InputTicket> released)
    {
        if (!_sensors.TryGetValue(sensorId, out List<HeldReading>? held))
        {
            held = [];
            _sensors.Add(sensorId, held);
        }

        int index = held.BinarySearch(new HeldReading(timestampMs, ticket), HeldReading.ByTime);
        if (index >= 0)
        {
            released.Add(held[index].Ticket);
            held[index] = new HeldReading(timestampMs, ticket);
            return;
        }

        held.Insert(~index, new HeldReading(timestampMs, ticket));
        Count++;
    }

    /// <summary>
    /// The sensor's open window was just emitted: a ticket for the window that holds every reading in it, then the
    /// oldest <paramref name="stride"/> readings leave (released). The window ticket is tied to the completing reading's source.
    /// </summary>
    public InputTicket EmitWindow(string sensorId, InputTicket completing, int stride, List<InputTicket> released)
    {
        List<HeldReading> held = _sensors[sensorId];
        InputTicket[] readings = new InputTicket[held.Count];
        for (int i = 0; i < held.Count; i++)
        {
            readings[i] = held[i].Ticket;
            readings[i].AddOutput();
        }

        int leaving = Math.Min(stride, held.Count);
        for (int i = 0; i < leaving; i++)
        {
            released.Add(held[i].Ticket);
        }

        held.RemoveRange(0, leaving);
        Count -= leaving;
        return new InputTicket(completing.Source, completing.Tracker, completing.ConsumedUtc) { Holds = readings };
    }

    /// <summary>The sensor's partial window was discarded by the assembler (restart or eviction): its readings are released.</summary>
    public void Release(string sensorId, List<InputTicket> released)
    {
        if (_sensors.Remove(sensorId, out List<HeldReading>? held))
        {
            foreach (HeldReading reading in held)
            {
                released.Add(reading.Ticket);
            }

            Count -= held.Count;
        }
    }

    /// <summary>
    /// Partitions leave this worker: forget the readings held from them WITHOUT releasing (their offsets are never
    /// stored here; the new owner re-reads them). Returns the sensors dropped and, per partition, how many were held.
    /// </summary>
    public (List<string> Sensors, Dictionary<TopicPartition, int> HeldPerPartition) Abandon(IReadOnlyCollection<TopicPartition> partitions)
    {
        List<string> sensors = [];
        Dictionary<TopicPartition, int> counts = [];
        foreach (KeyValuePair<string, List<HeldReading>> entry in _sensors)
        {
            if (entry.Value.Count > 0 && partitions.Contains(entry.Value[0].Ticket.Source.TopicPartition))
            {
                sensors.Add(entry.Key);
                TopicPartition partition = entry.Value[0].Ticket.Source.TopicPartition;
                counts[partition] = counts.GetValueOrDefault(partition) + entry.Value.Count;
            }
        }

        foreach (string sensor in sensors)
        {
            Count -= _sensors[sensor].Count;
            _sensors.Remove(sensor);
        }

        return (sensors, counts);
    }

    /// <summary>Readings held per partition (for drains that must not wait for them).</summary>
    public int HeldIn(TopicPartition partition)
    {
        int total = 0;
        foreach (List<HeldReading> held in _sensors.Values)
        {
            foreach (HeldReading reading in held)
            {
                if (reading.Ticket.Source.TopicPartition == partition)
                {
                    total++;
                }
            }
        }

        return total;
    }

    private readonly record struct HeldReading(long TimestampMs, InputTicket Ticket)
    {
        public static readonly IComparer<HeldReading> ByTime = Comparer<HeldReading>.Create((a, b) => a.TimestampMs.CompareTo(b.TimestampMs));
    }
}
