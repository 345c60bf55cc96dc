using System.Globalization;

namespace SensorWatch.Embedded;

/// <summary>A topic to create on the embedded cluster: name and partition count.</summary>
/// <param name="Name">Kafka topic name (letters, digits, '.', '_', '-'; at most 249 characters).</param>
/// <param name="Partitions">Partition count, at least 1.</param>
internal sealed record TopicSpec(string Name, int Partitions)
{
    /// <summary>SensorWatch's topics (DESIGN §2-§6), created by <c>sensorwatch broker</c> unless told otherwise.</summary>
    public static readonly IReadOnlyList<string> SensorWatchTopics =
    [
        "sensor.windows", "sensor.readings", "sensor.alerts", "sensor.scores", "sensor.windows.dlq",
        "sensor.feedback", "sensor.samples", "sensor.models", "sensor.alert-state",
    ];

    /// <summary>
    /// Parses "name[:partitions],name[:partitions],..." (partitions default to <paramref name="defaultPartitions"/>).
    /// Throws <see cref="FormatException"/> listing every bad entry.
    /// </summary>
    public static IReadOnlyList<TopicSpec> ParseList(string text, int defaultPartitions)
    {
        ArgumentNullException.ThrowIfNull(text);
        List<TopicSpec> topics = [];
        List<string> errors = [];
        foreach (string entry in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] parts = entry.Split(':');
            string name = parts[0].Trim();
            int partitions = defaultPartitions;
            if (parts.Length > 2 || (parts.Length == 2 && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out partitions) || partitions < 1)))
            {
                errors.Add($"'{entry}': expected name or name:partitions with partitions >= 1");
                continue;
            }

            if (!IsValidName(name))
            {
                errors.Add($"'{name}': a topic name is 1-249 of [a-zA-Z0-9._-] and not '.' or '..'");
                continue;
            }

            if (topics.Any(topic => topic.Name == name))
            {
                errors.Add($"'{name}' is listed twice");
                continue;
            }

            topics.Add(new TopicSpec(name, partitions));
        }

        if (errors.Count > 0)
        {
            throw new FormatException("Invalid --topics: " + string.Join("; ", errors) + ".");
        }

        if (topics.Count == 0)
        {
            throw new FormatException("Invalid --topics: no topic given.");
        }

        return topics;
    }

    /// <summary>Kafka's topic name rule (kafka.common.Topic): [a-zA-Z0-9._-]{1,249}, not "." or "..".</summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 249 && name is not "." and not ".." &&
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
