using System.Text.Json;
using SensorWatch.Configuration;

namespace SensorWatch.Kafka.Messages;

/// <summary>The decode prologue every JSON decoder (window, reading, feedback) shares, in one place.</summary>
internal static class JsonMessage
{
    /// <summary>
    /// In order: key and header caps (<see cref="MessageEnvelope.Check"/>), payload size and UTF-8
    /// (<see cref="JsonFields.CheckPayload"/>), then <paramref name="body"/> parses the value (BOM skipped) and nothing
    /// may follow the root value. A <see cref="JsonException"/> becomes its dead-letter reason
    /// (<see cref="JsonFields.Classify"/>). Post-parse checks stay with the caller (they need what the body saw).
    /// </summary>
    public static DecodeResult Parse<TBody>(int keyBytes, ReadOnlySpan<byte> value, int headerBytes, MessageLimitsOptions limits, ref TBody body)
        where TBody : struct, IJsonBody
    {
        DecodeResult result = MessageEnvelope.Check(keyBytes, headerBytes, limits);
        result = result.IsOk ? JsonFields.CheckPayload(value, limits) : result;
        if (!result.IsOk)
        {
            return result;
        }

        value = JsonFields.WithoutBom(value);
        Utf8JsonReader reader = new(value, JsonFields.ReaderOptions(limits));
        try
        {
            result = body.Parse(ref reader);
            if (result.IsOk)
            {
                JsonFields.ReadEnd(ref reader);
            }
        }
        catch (JsonException exception)
        {
            return JsonFields.Classify(exception, value, reader.BytesConsumed, reader.CurrentDepth, limits);
        }

        return result;
    }
}
