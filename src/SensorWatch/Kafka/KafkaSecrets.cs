namespace SensorWatch.Kafka;

/// <summary>Decides which client properties are secret and renders a configuration for logs without them.</summary>
internal static class KafkaSecrets
{
    private static readonly string[] s_secretFragments = ["password", "secret", "token", "key.pem", "sasl.jaas", "credentials", "private"];

    public static bool IsSecret(string key) =>
        s_secretFragments.Any(fragment => key.Contains(fragment, StringComparison.OrdinalIgnoreCase));

    /// <summary>"key=value, ..." with secret values replaced by <c>***</c>; safe to log.</summary>
    public static string Describe(IEnumerable<KeyValuePair<string, string>> config) =>
        string.Join(", ", config
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => $"{pair.Key}={(IsSecret(pair.Key) ? "***" : pair.Value)}"));
}
