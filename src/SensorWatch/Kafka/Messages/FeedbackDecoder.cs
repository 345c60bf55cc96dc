using System.Text.Json;
using SensorWatch.Configuration;

namespace SensorWatch.Kafka.Messages;

/// <summary>
/// Decodes operator feedback from <c>sensor.feedback</c>:
/// <c>{ "verdict": "false-positive"|"confirmed"|"maintenance-start"|"maintenance-end", "alertId"?, "sensorId"?,
/// "windowStart"?, "windowEnd"?, "model"?, "note"? }</c>. Same caps and reasons as the other decoders, plus
/// <c>bad-verdict</c> for an unknown verdict; <c>missing-field</c> when a verdict lacks its target (an alertId or
/// sensorId + windowStart for false-positive/confirmed, a sensorId for maintenance). Feedback is rare, so it allocates
/// a result record. Not thread-safe.
/// </summary>
internal sealed class FeedbackDecoder(MessageLimitsOptions limits)
{
    private readonly Utf8StringCache _strings = new();

    public DecodeResult Decode(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, int headerBytes, out FeedbackMessage? message)
    {
        message = null;
        Body body = new(this);
        DecodeResult result = JsonMessage.Parse(key.Length, value, headerBytes, limits, ref body);
        return result.IsOk ? Validate(body.Fields, out message) : result;
    }

    private DecodeResult Parse(ref Utf8JsonReader reader, ref Fields fields)
    {
        DecodeResult result = JsonFields.ReadRootObject(ref reader);
        HashSet<string> seen = [];
        while (result.IsOk && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            result = JsonFields.CheckStringLength(ref reader, limits, "a property name");
            if (!result.IsOk)
            {
                break;
            }

            string name = reader.GetString()!;
            bool known = name is "verdict" or "alertId" or "sensorId" or "windowStart" or "windowEnd" or "model" or "note";
            if (known && !seen.Add(name))
            {
                return DecodeResult.Fail(DeadLetterReason.DuplicateKey, $"property '{name}' appears twice");
            }

            switch (name)
            {
                case "verdict":
                    result = JsonFields.ReadString(ref reader, limits, _strings, name, allowNull: false, out fields.Verdict);
                    break;
                case "alertId":
                    result = JsonFields.ReadString(ref reader, limits, _strings, name, allowNull: true, out fields.AlertId);
                    break;
                case "sensorId":
                    result = JsonFields.ReadString(ref reader, limits, _strings, name, allowNull: true, out fields.SensorId);
                    break;
                case "model":
                    result = JsonFields.ReadString(ref reader, limits, _strings, name, allowNull: true, out fields.Model);
                    break;
                case "note":
                    result = JsonFields.ReadString(ref reader, limits, _strings, name, allowNull: true, out fields.Note);
                    break;
                case "windowStart":
                    result = JsonFields.ReadTimestamp(ref reader, name, out long start);
                    fields.WindowStart = start;
                    break;
                case "windowEnd":
                    result = JsonFields.ReadTimestamp(ref reader, name, out long end);
                    fields.WindowEnd = end;
                    break;
                default:
                    result = JsonFields.SkipValue(ref reader, limits);
                    break;
            }
        }

        return result;
    }

    private static DecodeResult Validate(in Fields fields, out FeedbackMessage? message)
    {
        message = null;
        if (string.IsNullOrEmpty(fields.Verdict))
        {
            return DecodeResult.Fail(DeadLetterReason.MissingField, "required field 'verdict' is missing");
        }

        FeedbackVerdict? verdict = fields.Verdict switch
        {
            "false-positive" => FeedbackVerdict.FalsePositive,
            "confirmed" => FeedbackVerdict.Confirmed,
            "maintenance-start" => FeedbackVerdict.MaintenanceStart,
            "maintenance-end" => FeedbackVerdict.MaintenanceEnd,
            _ => null,
        };
        if (verdict is not { } known)
        {
            return DecodeResult.Fail(DeadLetterReason.BadVerdict,
                $"verdict \"{fields.Verdict}\" is not one of false-positive, confirmed, maintenance-start, maintenance-end");
        }

        bool hasSensor = !string.IsNullOrEmpty(fields.SensorId);
        bool maintenance = known is FeedbackVerdict.MaintenanceStart or FeedbackVerdict.MaintenanceEnd;
        if (maintenance && !hasSensor)
        {
            return DecodeResult.Fail(DeadLetterReason.MissingField, $"verdict {fields.Verdict} needs 'sensorId'");
        }

        if (!maintenance && string.IsNullOrEmpty(fields.AlertId) && !(hasSensor && fields.WindowStart.HasValue))
        {
            return DecodeResult.Fail(DeadLetterReason.MissingField, $"verdict {fields.Verdict} needs 'alertId' or 'sensorId' with 'windowStart'");
        }

        if (fields.WindowStart is long s && fields.WindowEnd is long e && e <= s)
        {
            return DecodeResult.Fail(DeadLetterReason.BadTimestamp, "'windowEnd' must be after 'windowStart'");
        }

        message = new FeedbackMessage(known, NullIfEmpty(fields.AlertId), NullIfEmpty(fields.SensorId), fields.WindowStart, fields.WindowEnd,
            NullIfEmpty(fields.Model), fields.Note);
        return DecodeResult.Ok;
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private struct Fields
    {
        public string? Verdict;
        public string? AlertId;
        public string? SensorId;
        public string? Model;
        public string? Note;
        public long? WindowStart;
        public long? WindowEnd;
    }

    /// <summary>The feedback body for <see cref="JsonMessage.Parse"/>: the fields read so far.</summary>
    private struct Body(FeedbackDecoder decoder) : IJsonBody
    {
        public Fields Fields;

        public DecodeResult Parse(ref Utf8JsonReader reader) => decoder.Parse(ref reader, ref Fields);
    }
}
