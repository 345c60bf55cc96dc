namespace SensorWatch.Kafka;

/// <summary>The topic names the worker reads and writes (configuration section <c>Kafka:Topics</c>).</summary>
internal sealed class KafkaTopicsOptions
{
    public string Windows { get; set; } = "sensor.windows";

    public string Alerts { get; set; } = "sensor.alerts";

    public string Scores { get; set; } = "sensor.scores";

    public string DeadLetter { get; set; } = "sensor.windows.dlq";

    /// <summary>Every topic the scorer role needs, in a stable order.</summary>
    public IReadOnlyList<string> All => [Windows, Alerts, Scores, DeadLetter];

    public void Validate(ICollection<string> errors)
    {
        Check(Windows, nameof(Windows), errors);
        Check(Alerts, nameof(Alerts), errors);
        Check(Scores, nameof(Scores), errors);
        Check(DeadLetter, nameof(DeadLetter), errors);
        if (All.Distinct(StringComparer.Ordinal).Count() != All.Count)
        {
            errors.Add("Kafka:Topics: the windows, alerts, scores and dead-letter topics must all differ.");
        }
    }

    private static void Check(string name, string field, ICollection<string> errors)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add($"Kafka:Topics:{field} is empty; give a topic name.");
        }
        else if (name.Length > 249 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')))
        {
            errors.Add($"Kafka:Topics:{field} '{name}' is not a valid Kafka topic name (ASCII letters, digits, '.', '_', '-'; at most 249).");
        }
    }
}
