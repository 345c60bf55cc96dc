using SensorWatch.Kafka;

namespace SensorWatch.Roles.Scorer;

/// <summary>What a batched window must remember until it is scored (its values sit in the batch's matrix).</summary>
internal readonly record struct PendingWindow(string SensorId, string? WindowId, long StartMs, long EndMs, InputTicket Ticket, string? TraceParent);
