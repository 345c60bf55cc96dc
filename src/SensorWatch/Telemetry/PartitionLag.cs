namespace SensorWatch.Telemetry;

/// <summary>Consumer lag of one assigned partition, in messages (high watermark minus committed or stored offset).</summary>
internal sealed record PartitionLag(string Topic, int Partition, long Lag);
