using System.Text;
using System.Text.Json;
using Confluent.Kafka;

namespace SensorWatch.IntegrationTests.Worker;

/// <summary>One record read back from an output topic: key, parsed JSON (when it is JSON) and headers as strings.</summary>
internal sealed record OutputView(string? Key, string Value, IReadOnlyDictionary<string, string> Headers, TopicPartitionOffset Position, byte[]? RawValue = null)
{
    public string? Field(string name)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(Value);
            return document.RootElement.TryGetProperty(name, out JsonElement element)
                ? element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static OutputView From(ConsumeResult<byte[], byte[]> result)
    {
        Dictionary<string, string> headers = new(StringComparer.Ordinal);
        foreach (IHeader header in result.Message.Headers ?? [])
        {
            headers[header.Key] = Encoding.UTF8.GetString(header.GetValueBytes());
        }

        string? key = result.Message.Key is null ? null : Encoding.UTF8.GetString(result.Message.Key);
        string value = result.Message.Value is null ? "" : Encoding.UTF8.GetString(result.Message.Value);
        return new OutputView(key, value, headers, result.TopicPartitionOffset, result.Message.Value);
    }
}
