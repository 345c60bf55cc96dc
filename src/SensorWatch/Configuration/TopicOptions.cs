namespace SensorWatch.Configuration;

/// <summary>Topic names (section <c>Kafka:Topics</c>); defaults are DESIGN §2's.</summary>
internal sealed class TopicOptions
{
    public string Windows { get; set; } = "sensor.windows";

    /// <summary>One-reading-per-message input; empty disables the readings consumer.</summary>
    public string Readings { get; set; } = "sensor.readings";

    public string Feedback { get; set; } = "sensor.feedback";

    public string Alerts { get; set; } = "sensor.alerts";

    public string Scores { get; set; } = "sensor.scores";

    public string DeadLetter { get; set; } = "sensor.windows.dlq";

    public string Models { get; set; } = "sensor.models";

    public string Samples { get; set; } = "sensor.samples";

    /// <summary>Compacted per-sensor alert state checkpoints (key = sensorId); empty keeps alert state in memory only.</summary>
    public string AlertState { get; set; } = "sensor.alert-state";

    /// <summary>Every invalid name, prefixed with <paramref name="section"/>.</summary>
    public IReadOnlyList<string> Validate(string section = "Kafka:Topics")
    {
        List<string> errors = [];
        (string Name, string Value, bool Optional)[] topics =
        [
            (nameof(Windows), Windows, false), (nameof(Readings), Readings, true), (nameof(Feedback), Feedback, true),
            (nameof(Alerts), Alerts, false), (nameof(Scores), Scores, false), (nameof(DeadLetter), DeadLetter, false),
            (nameof(Models), Models, false), (nameof(Samples), Samples, false), (nameof(AlertState), AlertState, true),
        ];
        foreach ((string name, string value, bool optional) in topics)
        {
            if (string.IsNullOrEmpty(value))
            {
                if (!optional)
                {
                    errors.Add($"{section}:{name} is required.");
                }
            }
            else if (!IsLegalTopic(value))
            {
                errors.Add($"{section}:{name} \"{value}\" is not a legal Kafka topic name (1-249 of [a-zA-Z0-9._-], not \".\" or \"..\").");
            }
        }

        HashSet<string> inputs = [Windows];
        if (!string.IsNullOrEmpty(Readings) && !inputs.Add(Readings))
        {
            errors.Add($"{section}:Readings must differ from Windows.");
        }

        foreach ((string name, string value) in new[] { (nameof(Alerts), Alerts), (nameof(Scores), Scores), (nameof(DeadLetter), DeadLetter), (nameof(AlertState), AlertState) })
        {
            if (!string.IsNullOrEmpty(value) && inputs.Contains(value))
            {
                errors.Add($"{section}:{name} must not be an input topic (\"{value}\"): the worker would consume its own output.");
            }
        }

        return errors;
    }

    /// <summary>Kafka's topic name rule.</summary>
    public static bool IsLegalTopic(string name) =>
        name.Length is > 0 and <= 249 && name is not ("." or "..")
        && name.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_' or '-');
}
