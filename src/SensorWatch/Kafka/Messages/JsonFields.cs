using System.Text.Json;
using SensorWatch.Configuration;

namespace SensorWatch.Kafka.Messages;

/// <summary>
/// Shared pieces of the Utf8JsonReader-based decoders: bounded skipping, capped strings, checked numbers and RFC 3339
/// timestamps. Each returns <see cref="DecodeResult.Ok"/> or the reason of the first violation; none allocates
/// except where a string is produced.
/// </summary>
internal static class JsonFields
{
    private const int MaxTimestampBytes = 64;
    private const double SmallestNormalFloat = 1.17549435082228751e-38; // 2^-126

    /// <summary>Reader options: the reader's own depth guard sits one level above ours, so ours reports first.</summary>
    public static JsonReaderOptions ReaderOptions(MessageLimitsOptions limits) => new()
    {
        MaxDepth = limits.MaxDepth + 1,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    /// <summary>Strips a UTF-8 byte order mark.</summary>
    public static ReadOnlySpan<byte> WithoutBom(ReadOnlySpan<byte> value) =>
        value.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? value[3..] : value;

    /// <summary>Checks the size cap and UTF-8 validity of a whole payload before any parsing.</summary>
    public static DecodeResult CheckPayload(ReadOnlySpan<byte> value, MessageLimitsOptions limits)
    {
        if (value.IsEmpty)
        {
            return DecodeResult.Fail(DeadLetterReason.EmptyPayload, "the message value is empty (null or tombstone)");
        }

        if (value.Length > limits.MaxPayloadBytes)
        {
            return DecodeResult.Fail(DeadLetterReason.OversizedPayload, $"value is {value.Length} bytes; the cap is {limits.MaxPayloadBytes}");
        }

        if (!System.Text.Unicode.Utf8.IsValid(value))
        {
            int index = FirstInvalidUtf8(value);
            return DecodeResult.Fail(DeadLetterReason.InvalidUtf8, $"invalid UTF-8 at byte {index}");
        }

        return DecodeResult.Ok;
    }

    /// <summary>Reads the first token, which must open an object.</summary>
    public static DecodeResult ReadRootObject(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return DecodeResult.Fail(DeadLetterReason.WrongType, $"the top level must be a JSON object, found {reader.TokenType}");
        }

        return DecodeResult.Ok;
    }

    /// <summary>After the root object closed: only whitespace may follow (the reader throws otherwise).</summary>
    public static void ReadEnd(ref Utf8JsonReader reader)
    {
        while (reader.Read())
        {
            // A second top-level value makes the reader throw (AllowMultipleValues is off); nothing else gets here.
        }
    }

    /// <summary>Fails with too-deep when a container token sits at or below the depth cap.</summary>
    public static DecodeResult CheckDepth(ref Utf8JsonReader reader, MessageLimitsOptions limits)
    {
        if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject && reader.CurrentDepth >= limits.MaxDepth)
        {
            return DecodeResult.Fail(DeadLetterReason.TooDeep, $"nesting deeper than {limits.MaxDepth}");
        }

        return DecodeResult.Ok;
    }

    /// <summary>
    /// Reads the value of an unknown property and skips it, checking depth at every container and string lengths, so a
    /// 10k-deep value stops after <c>MaxDepth</c> tokens.
    /// </summary>
    public static DecodeResult SkipValue(ref Utf8JsonReader reader, MessageLimitsOptions limits)
    {
        reader.Read();
        if (reader.TokenType is not (JsonTokenType.StartArray or JsonTokenType.StartObject))
        {
            return CheckStringLength(ref reader, limits, "value");
        }

        int depth = reader.CurrentDepth;
        do
        {
            DecodeResult depthCheck = CheckDepth(ref reader, limits);
            if (!depthCheck.IsOk)
            {
                return depthCheck;
            }

            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
            {
                DecodeResult lengthCheck = CheckStringLength(ref reader, limits, "value");
                if (!lengthCheck.IsOk)
                {
                    return lengthCheck;
                }
            }

            if (reader.TokenType is JsonTokenType.EndArray or JsonTokenType.EndObject && reader.CurrentDepth == depth)
            {
                return DecodeResult.Ok;
            }
        }
        while (reader.Read());

        return DecodeResult.Fail(DeadLetterReason.MalformedJson, "unexpected end of JSON");
    }

    /// <summary>Fails with string-too-long when the current string or property name is longer than the cap (raw bytes).</summary>
    public static DecodeResult CheckStringLength(ref Utf8JsonReader reader, MessageLimitsOptions limits, string what)
    {
        if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueSpan.Length > limits.MaxStringBytes)
        {
            return DecodeResult.Fail(DeadLetterReason.StringTooLong, $"{what} is {reader.ValueSpan.Length} bytes; the cap is {limits.MaxStringBytes}");
        }

        return DecodeResult.Ok;
    }

    /// <summary>Reads a required string property (cached), or null for JSON null when <paramref name="allowNull"/>.</summary>
    public static DecodeResult ReadString(ref Utf8JsonReader reader, MessageLimitsOptions limits, Utf8StringCache cache, string field, bool allowNull, out string? value)
    {
        value = null;
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null && allowNull)
        {
            return DecodeResult.Ok;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return DecodeResult.Fail(DeadLetterReason.WrongType, $"'{field}' must be a string, found {reader.TokenType}");
        }

        DecodeResult length = CheckStringLength(ref reader, limits, field);
        if (!length.IsOk)
        {
            return length;
        }

        value = reader.ValueIsEscaped ? reader.GetString()! : cache.Get(reader.ValueSpan);
        return DecodeResult.Ok;
    }

    /// <summary>Reads an RFC 3339 timestamp string (offset or Z required) as Unix milliseconds.</summary>
    public static DecodeResult ReadTimestamp(ref Utf8JsonReader reader, string field, out long unixMs)
    {
        unixMs = 0;
        reader.Read();
        if (reader.TokenType != JsonTokenType.String)
        {
            return DecodeResult.Fail(DeadLetterReason.BadTimestamp, $"'{field}' must be an RFC 3339 string, found {reader.TokenType}");
        }

        ReadOnlySpan<byte> raw = reader.ValueSpan;
        if (reader.ValueIsEscaped || raw.Length > MaxTimestampBytes || !HasOffset(raw) || !reader.TryGetDateTimeOffset(out DateTimeOffset value))
        {
            return DecodeResult.Fail(DeadLetterReason.BadTimestamp,
                $"'{field}' is not an RFC 3339 timestamp with Z or ±hh:mm: \"{System.Text.Encoding.UTF8.GetString(raw[..Math.Min(raw.Length, MaxTimestampBytes)])}\"");
        }

        unixMs = value.ToUnixTimeMilliseconds();
        return DecodeResult.Ok;
    }

    /// <summary>
    /// Converts one JSON number to a float under the limits: beyond double range or above MaxAbsValue is
    /// value-out-of-range; a subnormal float is flushed to 0 or refused per the policy.
    /// </summary>
    public static DecodeResult ReadFloat(ref Utf8JsonReader reader, MessageLimitsOptions limits, out float value)
    {
        value = 0;
        double number;
        // the exact fast path for plain decimals first (the common case), the general parser for the rest
        if ((reader.HasValueSequence || !DecimalFastPath.TryParse(reader.ValueSpan, out number)) && !reader.TryGetDouble(out number))
        {
            return DecodeResult.Fail(DeadLetterReason.ValueOutOfRange, "a number is beyond double range");
        }

        double magnitude = Math.Abs(number);
        if (magnitude > limits.MaxAbsValue)
        {
            return DecodeResult.Fail(DeadLetterReason.ValueOutOfRange, $"|{number:G6}| exceeds the bound {limits.MaxAbsValue:G3}");
        }

        if (magnitude != 0 && magnitude < SmallestNormalFloat)
        {
            if (limits.Subnormals == SubnormalPolicy.Refuse)
            {
                return DecodeResult.Fail(DeadLetterReason.SubnormalValue, $"{number:G6} is subnormal in float32");
            }

            return DecodeResult.Ok;
        }

        value = (float)number;
        return DecodeResult.Ok;
    }

    /// <summary>True when the string token spells NaN or an infinity (any case, optional sign).</summary>
    public static bool IsNonFiniteText(ref Utf8JsonReader reader)
    {
        if (reader.ValueSpan.Length > 16)
        {
            return false;
        }

        Span<byte> text = stackalloc byte[16];
        int length = reader.CopyString(text);
        ReadOnlySpan<byte> word = text[..length].Trim((byte)' ');
        if (word.Length > 0 && (word[0] == (byte)'+' || word[0] == (byte)'-'))
        {
            word = word[1..];
        }

        return System.Text.Ascii.EqualsIgnoreCase(word, "nan"u8) || System.Text.Ascii.EqualsIgnoreCase(word, "infinity"u8)
            || System.Text.Ascii.EqualsIgnoreCase(word, "inf"u8);
    }

    /// <summary>
    /// Classifies a reader failure: a bare NaN/Infinity literal where a value was expected is non-finite-value,
    /// a reader depth overflow is too-deep, anything else malformed-json.
    /// </summary>
    public static DecodeResult Classify(JsonException exception, ReadOnlySpan<byte> value, long consumed, int depth, MessageLimitsOptions limits)
    {
        if (depth >= limits.MaxDepth)
        {
            return DecodeResult.Fail(DeadLetterReason.TooDeep, $"nesting deeper than {limits.MaxDepth}");
        }

        ReadOnlySpan<byte> rest = value[(int)Math.Min(consumed, value.Length)..].TrimStart(" \t\r\n,:[]"u8);
        if (rest.Length > 0 && (rest[0] == (byte)'-' || rest[0] == (byte)'+'))
        {
            rest = rest[1..];
        }

        if (rest.StartsWith("NaN"u8) || rest.StartsWith("Infinity"u8))
        {
            return DecodeResult.Fail(DeadLetterReason.NonFiniteValue, "NaN or Infinity literal (JSON has no such numbers; send null for a missing value)");
        }

        string line = exception.LineNumber is long l ? $" line {l + 1}" : string.Empty;
        string position = exception.BytePositionInLine is long p ? $" byte {p}" : string.Empty;
        return DecodeResult.Fail(DeadLetterReason.MalformedJson, $"malformed JSON at{line}{position}");
    }

    private static bool HasOffset(ReadOnlySpan<byte> raw)
    {
        if (raw.Length < 11)
        {
            return false;
        }

        byte last = raw[^1];
        if (last is (byte)'Z' or (byte)'z')
        {
            return true;
        }

        return raw.Length >= 16 && raw[^6] is (byte)'+' or (byte)'-' && raw[^3] == (byte)':';
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> value)
    {
        int index = 0;
        while (index < value.Length)
        {
            System.Buffers.OperationStatus step = System.Text.Rune.DecodeFromUtf8(value[index..], out _, out int consumed);
            if (step != System.Buffers.OperationStatus.Done)
            {
                return index;
            }

            index += consumed;
        }

        return index;
    }
}
