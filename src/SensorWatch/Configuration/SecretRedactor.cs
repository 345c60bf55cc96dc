namespace SensorWatch.Configuration;

/// <summary>
/// Keeps secrets out of logs: any client setting whose key names a secret (password, secret, jaas config, private key,
/// token, credentials, keystore/truststore/key passwords, basic auth user info) is shown as <c>***</c>.
/// </summary>
internal static class SecretRedactor
{
    public const string Mask = "***";

    private static readonly string[] s_secretMarkers =
    [
        "password", "secret", "sasl.jaas.config", "ssl.key.pem", "ssl.certificate.pem", "ssl_key", "private", "token",
        "credential", "basic.auth.user.info", "oauthbearer.config", "key.pem", "ssl.key.location",
    ];

    /// <summary>True when the value of <paramref name="key"/> must never be logged.</summary>
    public static bool IsSecret(string key)
    {
        foreach (string marker in s_secretMarkers)
        {
            if (key.Contains(marker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A copy of the settings with every secret value replaced by <see cref="Mask"/>, sorted by key.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Redact(IEnumerable<KeyValuePair<string, string>> settings) =>
        [.. settings.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new KeyValuePair<string, string>(s.Key, IsSecret(s.Key) ? Mask : s.Value))];

    /// <summary>"key=value, …" with secrets masked, for one log line.</summary>
    public static string Describe(IEnumerable<KeyValuePair<string, string>> settings) =>
        string.Join(", ", Redact(settings).Select(s => $"{s.Key}={s.Value}"));
}
