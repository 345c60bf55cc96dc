using System.Text.Json;

namespace SensorWatch.Kafka.Messages;

/// <summary>
/// The reading half of <see cref="SampleCodec"/>: one pass over the fields into locals, then every rule checked
/// (required fields, kind, T·D = values, status). Returns null when valid, else the first problem. Throws only what
/// <see cref="Utf8JsonReader"/> throws (the codec turns that into a reason).
/// </summary>
internal static class SampleReader
{
    public static string? Read(ref Utf8JsonReader reader, out SampleMessage? sample)
    {
        sample = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return "a sample record must be a JSON object";
        }

        Fields f = new();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            reader.Read();
            string? problem = ReadField(ref reader, name, f);
            if (problem is not null)
            {
                return problem;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            return "the sample object is not closed";
        }

        reader.Read(); // trailing data after the object throws (the codec reports it as malformed JSON)
        return Build(f, out sample);
    }

    private static string? ReadField(ref Utf8JsonReader reader, string name, Fields f)
    {
        switch (name)
        {
            case "v":
                f.Version = reader.GetInt32();
                break;
            case "kind":
                f.Kind = reader.GetString();
                break;
            case "sensorId":
                f.SensorId = reader.GetString();
                break;
            case "model":
                f.Model = reader.GetString();
                break;
            case "alertId":
                f.AlertId = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
                break;
            case "start":
                f.Start = reader.GetInt64();
                break;
            case "end":
                f.End = reader.GetInt64();
                break;
            case "t":
                f.T = reader.GetInt32();
                break;
            case "d":
                f.D = reader.GetInt32();
                break;
            case "values":
                return ReadValues(ref reader, f);
            case "score":
                f.Score = NumberOrNaN(ref reader);
                break;
            case "threshold":
                f.Threshold = NumberOrNaN(ref reader);
                break;
            case "anomalous":
                f.Anomalous = reader.GetBoolean();
                break;
            case "status":
                f.Status = reader.GetString();
                break;
            case "modelVersion":
                f.ModelVersion = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
                break;
            case "source":
                return ReadSource(ref reader, f);
            default:
                reader.Skip();
                break;
        }

        return null;
    }

    private static string? ReadValues(ref Utf8JsonReader reader, Fields f)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return "'values' must be an array of numbers";
        }

        List<float> values = [];
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (values.Count >= SampleCodec.MaxValues)
            {
                return $"'values' has more than {SampleCodec.MaxValues} numbers";
            }

            if (reader.TokenType == JsonTokenType.Null)
            {
                values.Add(float.NaN);
            }
            else if (reader.TokenType != JsonTokenType.Number || !reader.TryGetSingle(out float value) || !float.IsFinite(value))
            {
                return $"'values'[{values.Count}] is not a finite number or null";
            }
            else
            {
                values.Add(value);
            }
        }

        f.Values = [.. values];
        return null;
    }

    private static string? ReadSource(ref Utf8JsonReader reader, Fields f)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return "'source' must be an object";
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            reader.Read();
            switch (name)
            {
                case "topic":
                    f.Topic = reader.GetString() ?? "";
                    break;
                case "partition":
                    f.Partition = reader.GetInt32();
                    break;
                case "offset":
                    f.Offset = reader.GetInt64();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return null;
    }

    private static double NumberOrNaN(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

    private static string? Build(Fields f, out SampleMessage? sample)
    {
        sample = null;
        if (f.Version != 1)
        {
            return f.Version is null ? "'v' (format version) is missing" : $"unsupported sample format version {f.Version} (this build reads 1)";
        }

        SampleKind? kind = f.Kind switch
        {
            "window" => SampleKind.Window,
            "alert-open" => SampleKind.AlertOpened,
            "alert-resolved" => SampleKind.AlertResolved,
            _ => null,
        };
        if (kind is null)
        {
            return f.Kind is null ? "'kind' is missing" : $"unknown 'kind' \"{f.Kind}\" (window, alert-open, alert-resolved)";
        }

        if (string.IsNullOrEmpty(f.SensorId) || string.IsNullOrEmpty(f.Model))
        {
            return "'sensorId' and 'model' are required and non-empty";
        }

        if (f.Start is not { } start || f.End is not { } end || end < start)
        {
            return "'start' and 'end' (Unix ms) are required, with end >= start";
        }

        if (kind != SampleKind.Window)
        {
            if (string.IsNullOrEmpty(f.AlertId))
            {
                return "an alert sample needs 'alertId'";
            }

            sample = SampleMessage.ForAlert(kind.Value, f.SensorId, f.Model, f.AlertId, start, end, f.Score, f.Threshold, f.ModelVersion);
            return null;
        }

        return BuildWindow(f, start, end, out sample);
    }

    private static string? BuildWindow(Fields f, long start, long end, out SampleMessage? sample)
    {
        sample = null;
        if (f.T is not (> 0 and <= SampleCodec.MaxValues) || f.D is not (> 0 and <= SampleCodec.MaxValues) || f.Values is null
            || (long)f.T * f.D != f.Values.Length)
        {
            return $"a window sample needs 't' > 0, 'd' > 0 and t·d values (t={f.T?.ToString() ?? "missing"}, d={f.D?.ToString() ?? "missing"}, "
                + $"values={f.Values?.Length.ToString() ?? "missing"})";
        }

        ScoreStatus? status = f.Status switch
        {
            "scored" => ScoreStatus.Scored,
            "imputed" => ScoreStatus.Imputed,
            "probation" => ScoreStatus.Probation,
            _ => null,
        };
        if (status is null)
        {
            return f.Status is null ? "'status' is missing" : $"unknown 'status' \"{f.Status}\"";
        }

        if (f.Anomalous is not { } anomalous)
        {
            return "'anomalous' is missing";
        }

        sample = SampleMessage.ForWindow(f.SensorId!, f.Model!, start, end, f.T.Value, f.D.Value, f.Values, f.Score, f.Threshold, anomalous,
            status.Value, f.ModelVersion, f.Topic, f.Partition, f.Offset);
        return null;
    }

    private sealed class Fields
    {
        public int? Version;
        public string? Kind;
        public string? SensorId;
        public string? Model;
        public string? AlertId;
        public long? Start;
        public long? End;
        public int? T;
        public int? D;
        public float[]? Values;
        public double Score = double.NaN;
        public double Threshold = double.NaN;
        public bool? Anomalous;
        public string? Status;
        public string? ModelVersion;
        public string Topic = "";
        public int Partition = -1;
        public long Offset = -1;
    }
}
