using Confluent.Kafka;

namespace SensorWatch.Kafka;

/// <summary>Header arithmetic shared by every consumer that hands records to a decoder.</summary>
internal static class KafkaHeaders
{
    /// <summary>
    /// The sum of header name and value lengths, as the decoders' header cap (<c>MaxHeaderBytes</c>) counts it; 0
    /// without headers (no allocation then).
    /// </summary>
    public static int TotalBytes(Headers? headers)
    {
        int total = 0;
        if (headers is not null)
        {
            foreach (IHeader header in headers)
            {
                total += header.Key.Length + (header.GetValueBytes()?.Length ?? 0);
            }
        }

        return total;
    }
}
