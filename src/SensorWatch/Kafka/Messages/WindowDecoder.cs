using System.Text.Json;
using SensorWatch.Configuration;

namespace SensorWatch.Kafka.Messages;

/// <summary>
/// Decodes and validates one window message (DESIGN §3) into a reusable <see cref="DecodedWindow"/> with a forward-only
/// <see cref="Utf8JsonReader"/>: no reflection, no per-message allocation beyond strings not yet cached. Work per
/// message is bounded by the limits: the size cap and UTF-8 check run before parsing, and parsing stops at the first
/// violation (depth, array length, string length, number range). Checks after parsing, in order: missing fields,
/// key match, empty window, missing fraction, timestamp range, feature count, then the model
/// (<see cref="WindowModelCheck"/>). Never throws for bad input. Not thread-safe: one decoder per consume loop.
/// </summary>
internal sealed class WindowDecoder
{
    private const int FieldSensorId = 1, FieldModel = 2, FieldStart = 4, FieldInterval = 8, FieldFeatures = 16, FieldValues = 32, FieldWindowId = 64;

    private readonly MessageLimitsOptions _limits;
    private readonly IModelCatalog _catalog;
    private readonly TimeProvider _time;
    private readonly Utf8StringCache _strings = new();

    public WindowDecoder(MessageLimitsOptions limits, IModelCatalog catalog, TimeProvider? time = null)
    {
        _limits = limits ?? throw new ArgumentNullException(nameof(limits));
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Decodes <paramref name="value"/> into <paramref name="window"/>; on failure the window's content is undefined.</summary>
    /// <param name="key">The message key (empty when the message has none; then no key check).</param>
    /// <param name="value">The message value.</param>
    /// <param name="headerBytes">Total bytes of the message's header names and values.</param>
    /// <param name="window">Receives the window.</param>
    public DecodeResult Decode(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, int headerBytes, DecodedWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        window.Reset();
        Body body = new(this, window);
        DecodeResult result = JsonMessage.Parse(key.Length, value, headerBytes, _limits, ref body);
        return result.IsOk ? Validate(key, window, body.Seen) : result;
    }

    /// <summary>
    /// Validates a window built elsewhere (the readings assembler) with the same post-parse checks as a decoded one:
    /// empty-window, too-many-missing, timestamp-out-of-range, then the model checks. Fills ModelKey and Shape.
    /// </summary>
    public DecodeResult ValidateAssembled(DecodedWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        DecodeResult result = WindowContentCheck.Check(window, _limits, _time.GetUtcNow().ToUnixTimeMilliseconds());
        return result.IsOk ? WindowModelCheck.Check(window, _catalog) : result;
    }

    private DecodeResult Parse(ref Utf8JsonReader reader, DecodedWindow window, ref int seen)
    {
        DecodeResult result = JsonFields.ReadRootObject(ref reader);
        while (result.IsOk && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            result = JsonFields.CheckStringLength(ref reader, _limits, "a property name");
            if (!result.IsOk)
            {
                break;
            }

            int field = FieldOf(ref reader);
            if (field != 0 && (seen & field) != 0)
            {
                return DecodeResult.Fail(DeadLetterReason.DuplicateKey, $"property '{reader.GetString()}' appears twice");
            }

            seen |= field;
            result = field switch
            {
                FieldSensorId => ReadSensorId(ref reader, window),
                FieldModel => ReadModel(ref reader, window),
                FieldWindowId => ReadWindowId(ref reader, window),
                FieldStart => ReadStart(ref reader, window),
                FieldInterval => ReadInterval(ref reader, window),
                FieldFeatures => ReadFeatures(ref reader, window),
                FieldValues => WindowValuesReader.Read(ref reader, _limits, window),
                _ => JsonFields.SkipValue(ref reader, _limits),
            };
        }

        return result;
    }

    private static int FieldOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("sensorId"u8) ? FieldSensorId
        : reader.ValueTextEquals("values"u8) ? FieldValues
        : reader.ValueTextEquals("start"u8) ? FieldStart
        : reader.ValueTextEquals("intervalMs"u8) ? FieldInterval
        : reader.ValueTextEquals("features"u8) ? FieldFeatures
        : reader.ValueTextEquals("model"u8) ? FieldModel
        : reader.ValueTextEquals("windowId"u8) ? FieldWindowId
        : 0;

    private DecodeResult ReadSensorId(ref Utf8JsonReader reader, DecodedWindow window)
    {
        DecodeResult result = JsonFields.ReadString(ref reader, _limits, _strings, "sensorId", allowNull: false, out string? text);
        window.SensorId = text ?? string.Empty;
        return result;
    }

    private DecodeResult ReadModel(ref Utf8JsonReader reader, DecodedWindow window)
    {
        DecodeResult result = JsonFields.ReadString(ref reader, _limits, _strings, "model", allowNull: true, out string? text);
        window.RequestedModel = string.IsNullOrEmpty(text) ? null : text;
        return result;
    }

    private DecodeResult ReadWindowId(ref Utf8JsonReader reader, DecodedWindow window)
    {
        DecodeResult result = JsonFields.ReadString(ref reader, _limits, _strings, "windowId", allowNull: true, out string? text);
        window.WindowId = text;
        return result;
    }

    private static DecodeResult ReadStart(ref Utf8JsonReader reader, DecodedWindow window)
    {
        DecodeResult result = JsonFields.ReadTimestamp(ref reader, "start", out long startMs);
        window.StartMs = startMs;
        return result;
    }

    private DecodeResult ReadInterval(ref Utf8JsonReader reader, DecodedWindow window)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.Number)
        {
            return DecodeResult.Fail(DeadLetterReason.BadInterval, $"'intervalMs' must be a number, found {reader.TokenType}");
        }

        if (!reader.TryGetInt64(out long interval) || interval <= 0 || interval > _limits.MaxIntervalMs)
        {
            return DecodeResult.Fail(DeadLetterReason.BadInterval, $"'intervalMs' must be a whole number from 1 to {_limits.MaxIntervalMs}");
        }

        window.IntervalMs = interval;
        return DecodeResult.Ok;
    }

    private DecodeResult ReadFeatures(ref Utf8JsonReader reader, DecodedWindow window)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return DecodeResult.Ok;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return DecodeResult.Fail(DeadLetterReason.WrongType, $"'features' must be an array of strings, found {reader.TokenType}");
        }

        int count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (count == _limits.MaxFeatures)
            {
                return DecodeResult.Fail(DeadLetterReason.ArrayTooLong, $"'features' has more than {_limits.MaxFeatures} names");
            }

            if (reader.TokenType != JsonTokenType.String)
            {
                DecodeResult depth = JsonFields.CheckDepth(ref reader, _limits);
                return depth.IsOk ? DecodeResult.Fail(DeadLetterReason.WrongType, $"'features' must hold strings, found {reader.TokenType}") : depth;
            }

            DecodeResult length = JsonFields.CheckStringLength(ref reader, _limits, "a feature name");
            if (!length.IsOk)
            {
                return length;
            }

            window.EnsureNameCapacity(count + 1)[count++] = reader.ValueIsEscaped ? reader.GetString()! : _strings.Get(reader.ValueSpan);
        }

        window.FeatureNameCount = count;
        return DecodeResult.Ok;
    }

    private DecodeResult Validate(ReadOnlySpan<byte> key, DecodedWindow window, int seen)
    {
        const int required = FieldSensorId | FieldStart | FieldInterval | FieldValues;
        if ((seen & required) != required || window.SensorId.Length == 0)
        {
            string missing = (seen & FieldSensorId) == 0 || window.SensorId.Length == 0 ? "sensorId"
                : (seen & FieldStart) == 0 ? "start" : (seen & FieldInterval) == 0 ? "intervalMs" : "values";
            return DecodeResult.Fail(DeadLetterReason.MissingField, $"required field '{missing}' is missing or empty");
        }

        DecodeResult result = MessageEnvelope.CheckKey(key, window.SensorId);
        if (!result.IsOk)
        {
            return result;
        }

        result = WindowContentCheck.Check(window, _limits, _time.GetUtcNow().ToUnixTimeMilliseconds());
        return result.IsOk ? WindowModelCheck.Check(window, _catalog) : result;
    }

    /// <summary>The window body for <see cref="JsonMessage.Parse"/>: the fields seen so far.</summary>
    private struct Body(WindowDecoder decoder, DecodedWindow window) : IJsonBody
    {
        public int Seen;

        public DecodeResult Parse(ref Utf8JsonReader reader) => decoder.Parse(ref reader, window, ref Seen);
    }
}
