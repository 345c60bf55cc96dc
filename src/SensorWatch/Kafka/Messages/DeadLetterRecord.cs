namespace SensorWatch.Kafka.Messages;

/// <summary>
/// A dead-letter record ready to produce: the original key and value (cut only above the caps) and the headers,
/// in order. The worker copies it into a Kafka message for the dead-letter topic.
/// </summary>
internal sealed record DeadLetterRecord(byte[]? Key, byte[]? Value, IReadOnlyList<KeyValuePair<string, byte[]>> Headers)
{
    /// <summary>The value of the first header named <paramref name="name"/> as text, or null.</summary>
    public string? Header(string name)
    {
        foreach (KeyValuePair<string, byte[]> header in Headers)
        {
            if (header.Key == name)
            {
                return System.Text.Encoding.UTF8.GetString(header.Value);
            }
        }

        return null;
    }
}
