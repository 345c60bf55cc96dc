using System.Text.Json;
using SensorWatch.Configuration;

namespace SensorWatch.Kafka.Messages;

/// <summary>
/// Decodes one reading message <c>{ "sensorId", "ts", "values": [D], "model"? }</c> (DESIGN §3, second input form)
/// under the same limits and reasons as <see cref="WindowDecoder"/>: envelope and payload caps, UTF-8, depth, string and
/// array caps, numbers (null = missing), RFC 3339 <c>ts</c> within now − MaxAge … now + MaxFutureSkew, key = sensorId.
/// A reading whose values are all null is <c>too-many-missing</c>; partial gaps pass (the window check applies to the
/// assembled window). Not thread-safe.
/// </summary>
internal sealed class ReadingDecoder(MessageLimitsOptions limits, TimeProvider? time = null)
{
    private const int FieldSensorId = 1, FieldTs = 2, FieldValues = 4, FieldModel = 8;

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Utf8StringCache _strings = new();

    public DecodeResult Decode(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, int headerBytes, DecodedReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        reading.Reset();
        Body body = new(this, reading);
        DecodeResult result = JsonMessage.Parse(key.Length, value, headerBytes, limits, ref body);
        return result.IsOk ? Validate(key, reading, body.Seen) : result;
    }

    private DecodeResult Parse(ref Utf8JsonReader reader, DecodedReading reading, ref int seen)
    {
        DecodeResult result = JsonFields.ReadRootObject(ref reader);
        while (result.IsOk && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            result = JsonFields.CheckStringLength(ref reader, limits, "a property name");
            if (!result.IsOk)
            {
                break;
            }

            int field = reader.ValueTextEquals("sensorId"u8) ? FieldSensorId
                : reader.ValueTextEquals("ts"u8) ? FieldTs
                : reader.ValueTextEquals("values"u8) ? FieldValues
                : reader.ValueTextEquals("model"u8) ? FieldModel : 0;
            if (field != 0 && (seen & field) != 0)
            {
                return DecodeResult.Fail(DeadLetterReason.DuplicateKey, $"property '{reader.GetString()}' appears twice");
            }

            seen |= field;
            string? text;
            switch (field)
            {
                case FieldSensorId:
                    result = JsonFields.ReadString(ref reader, limits, _strings, "sensorId", allowNull: false, out text);
                    reading.SensorId = text ?? string.Empty;
                    break;
                case FieldModel:
                    result = JsonFields.ReadString(ref reader, limits, _strings, "model", allowNull: true, out text);
                    reading.RequestedModel = string.IsNullOrEmpty(text) ? null : text;
                    break;
                case FieldTs:
                    result = JsonFields.ReadTimestamp(ref reader, "ts", out long ts);
                    reading.TimestampMs = ts;
                    break;
                case FieldValues:
                    result = ReadValues(ref reader, reading);
                    break;
                default:
                    result = JsonFields.SkipValue(ref reader, limits);
                    break;
            }
        }

        return result;
    }

    private DecodeResult ReadValues(ref Utf8JsonReader reader, DecodedReading reading)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return DecodeResult.Fail(DeadLetterReason.WrongType, $"'values' must be an array of numbers, found {reader.TokenType}");
        }

        float[] values = reading.Buffer(limits.MaxFeatures);
        int count = 0;
        int missing = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (count == limits.MaxFeatures)
            {
                return DecodeResult.Fail(DeadLetterReason.ArrayTooLong, $"'values' has more than {limits.MaxFeatures} values");
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.Number:
                    DecodeResult number = JsonFields.ReadFloat(ref reader, limits, out values[count]);
                    if (!number.IsOk)
                    {
                        return DecodeResult.Fail(number.Reason, $"value {count}: {number.Detail}");
                    }

                    break;
                case JsonTokenType.Null:
                    values[count] = float.NaN;
                    missing++;
                    break;
                case JsonTokenType.String when JsonFields.IsNonFiniteText(ref reader):
                    return DecodeResult.Fail(DeadLetterReason.NonFiniteValue, $"value {count}: NaN/Infinity is not a reading (send null)");
                default:
                    DecodeResult depth = JsonFields.CheckDepth(ref reader, limits);
                    return depth.IsOk ? DecodeResult.Fail(DeadLetterReason.WrongType, $"value {count}: expected a number or null, found {reader.TokenType}") : depth;
            }

            count++;
        }

        reading.FeatureCount = count;
        reading.MissingCount = missing;
        return DecodeResult.Ok;
    }

    private DecodeResult Validate(ReadOnlySpan<byte> key, DecodedReading reading, int seen)
    {
        const int required = FieldSensorId | FieldTs | FieldValues;
        if ((seen & required) != required || reading.SensorId.Length == 0)
        {
            string missing = (seen & FieldSensorId) == 0 || reading.SensorId.Length == 0 ? "sensorId" : (seen & FieldTs) == 0 ? "ts" : "values";
            return DecodeResult.Fail(DeadLetterReason.MissingField, $"required field '{missing}' is missing or empty");
        }

        DecodeResult result = MessageEnvelope.CheckKey(key, reading.SensorId);
        if (!result.IsOk)
        {
            return result;
        }

        if (reading.FeatureCount == 0)
        {
            return DecodeResult.Fail(DeadLetterReason.EmptyWindow, "'values' is empty");
        }

        if (reading.MissingCount == reading.FeatureCount)
        {
            return DecodeResult.Fail(DeadLetterReason.TooManyMissing, "every value of the reading is null");
        }

        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (reading.TimestampMs > now + (long)limits.MaxFutureSkew.TotalMilliseconds
            || (limits.MaxAge > TimeSpan.Zero && reading.TimestampMs < now - (long)limits.MaxAge.TotalMilliseconds))
        {
            return DecodeResult.Fail(DeadLetterReason.TimestampOutOfRange,
                $"ts {DateTimeOffset.FromUnixTimeMilliseconds(reading.TimestampMs):O} is outside now -{limits.MaxAge} … +{limits.MaxFutureSkew}");
        }

        return DecodeResult.Ok;
    }

    /// <summary>The reading body for <see cref="JsonMessage.Parse"/>: the fields seen so far.</summary>
    private struct Body(ReadingDecoder decoder, DecodedReading reading) : IJsonBody
    {
        public int Seen;

        public DecodeResult Parse(ref Utf8JsonReader reader) => decoder.Parse(ref reader, reading, ref Seen);
    }
}
