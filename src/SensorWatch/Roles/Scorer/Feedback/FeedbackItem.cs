using Confluent.Kafka;
using SensorWatch.Kafka.Messages;

namespace SensorWatch.Roles.Scorer.Feedback;

/// <summary>
/// One record of the feedback topic, decoded on the reader's thread: the message (null when it failed), the decode
/// result, the raw record (for a dead letter) and whether it arrived live or during the catch-up read of the topic's history.
/// </summary>
internal sealed record FeedbackItem(FeedbackMessage? Message, DecodeResult Result, ConsumeResult<byte[], byte[]> Raw, bool Live);
