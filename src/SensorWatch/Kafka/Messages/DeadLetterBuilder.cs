using System.Globalization;
using System.Text;

namespace SensorWatch.Kafka.Messages;

/// <summary>
/// Builds dead-letter records (pure: no Kafka calls). Headers, in order: <c>sw.dlq.reason</c>, <c>sw.dlq.detail</c>,
/// <c>sw.dlq.topic</c>, <c>sw.dlq.partition</c>, <c>sw.dlq.offset</c>, <c>sw.dlq.timestamp</c>,
/// <c>sw.dlq.original-value-bytes</c>, then <c>sw.dlq.original-timestamp</c> when given, <c>sw.dlq.exception</c> when an exception caused it, and
/// <c>sw.dlq.truncated</c> / <c>sw.dlq.original-key-bytes</c> when bytes were cut. The original headers follow
/// (so <c>traceparent</c> survives) unless together they exceed <paramref name="maxOriginalHeaderBytes"/>; then none is
/// copied and <c>sw.dlq.headers-dropped</c> counts them. Original <c>sw.dlq.*</c> headers are never copied, so a
/// re-dead-lettered message carries one fresh set.
/// </summary>
/// <param name="maxValueBytes">Values longer than this are cut to it (<c>Scorer:Limits:MaxDeadLetterValueBytes</c>).</param>
/// <param name="maxKeyBytes">Keys longer than this are cut to it.</param>
/// <param name="maxOriginalHeaderBytes">Largest total of original headers copied through.</param>
internal sealed class DeadLetterBuilder(int maxValueBytes = 256 * 1024, int maxKeyBytes = 4096, int maxOriginalHeaderBytes = 16 * 1024)
{
    /// <summary>Builds the record for one bad message.</summary>
    public DeadLetterRecord Build(
        DeadLetterReason reason,
        string? detail,
        DeadLetterSource source,
        ReadOnlySpan<byte> key,
        ReadOnlySpan<byte> value,
        DateTimeOffset timestamp,
        Exception? exception = null,
        IReadOnlyList<KeyValuePair<string, byte[]?>>? originalHeaders = null,
        long? originalTimestampMs = null)
    {
        ArgumentNullException.ThrowIfNull(source.Topic);
        if (reason == DeadLetterReason.None)
        {
            reason = DeadLetterReason.ProcessingError;
        }

        string text = DecodeResult.Sanitize(string.IsNullOrEmpty(detail) && exception is not null ? exception.Message : detail);
        bool keyCut = key.Length > maxKeyBytes;
        bool valueCut = value.Length > maxValueBytes;
        List<KeyValuePair<string, byte[]>> headers =
        [
            new(DeadLetterHeaders.Reason, reason.CodeUtf8()),
            new(DeadLetterHeaders.Detail, Encoding.UTF8.GetBytes(text)),
            new(DeadLetterHeaders.Topic, Encoding.UTF8.GetBytes(source.Topic)),
            new(DeadLetterHeaders.Partition, Number(source.Partition)),
            new(DeadLetterHeaders.Offset, Number(source.Offset)),
            new(DeadLetterHeaders.Timestamp, Encoding.UTF8.GetBytes(timestamp.UtcDateTime.ToString(JsonOutput.TimestampFormat, CultureInfo.InvariantCulture))),
            new(DeadLetterHeaders.OriginalValueBytes, Number(value.Length)),
        ];
        if (originalTimestampMs is long original)
        {
            headers.Add(new(DeadLetterHeaders.OriginalTimestamp, Number(original)));
        }

        if (exception is not null)
        {
            headers.Add(new(DeadLetterHeaders.Exception, Encoding.UTF8.GetBytes(exception.GetType().FullName ?? exception.GetType().Name)));
        }

        if (keyCut || valueCut)
        {
            string what = keyCut && valueCut ? "key,value" : keyCut ? "key" : "value";
            headers.Add(new(DeadLetterHeaders.Truncated, Encoding.UTF8.GetBytes(what)));
        }

        if (keyCut)
        {
            headers.Add(new(DeadLetterHeaders.OriginalKeyBytes, Number(key.Length)));
        }

        CopyOriginalHeaders(originalHeaders, headers);
        byte[]? keyBytes = key.IsEmpty ? null : key[..Math.Min(key.Length, maxKeyBytes)].ToArray();
        byte[]? valueBytes = value.IsEmpty ? null : value[..Math.Min(value.Length, maxValueBytes)].ToArray();
        return new DeadLetterRecord(keyBytes, valueBytes, headers);
    }

    private void CopyOriginalHeaders(IReadOnlyList<KeyValuePair<string, byte[]?>>? originals, List<KeyValuePair<string, byte[]>> headers)
    {
        if (originals is null || originals.Count == 0)
        {
            return;
        }

        int total = MessageEnvelope.HeaderBytes(originals);
        if (total > maxOriginalHeaderBytes)
        {
            headers.Add(new(DeadLetterHeaders.HeadersDropped, Number(originals.Count)));
            return;
        }

        foreach (KeyValuePair<string, byte[]?> header in originals)
        {
            if (!header.Key.StartsWith(DeadLetterHeaders.Prefix, StringComparison.Ordinal))
            {
                headers.Add(new(header.Key, header.Value ?? []));
            }
        }
    }

    private static byte[] Number(long value) => Encoding.UTF8.GetBytes(value.ToString(CultureInfo.InvariantCulture));
}
