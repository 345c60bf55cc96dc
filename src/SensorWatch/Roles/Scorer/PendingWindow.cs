using Confluent.Kafka;
using SensorWatch.Kafka;

namespace SensorWatch.Roles.Scorer;

/// <summary>
/// What a batched window must remember until it is scored (its values sit in the batch's matrix). The original
/// message is kept by reference so a window the model refuses can still be dead-lettered with its bytes.
/// </summary>
internal readonly record struct PendingWindow(string SensorId, string? WindowId, long StartMs, long EndMs, InputTicket Ticket, string? TraceParent,
    Message<byte[], byte[]> Original);
