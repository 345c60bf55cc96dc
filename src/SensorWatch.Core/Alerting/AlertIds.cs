using System.Security.Cryptography;
using System.Text;

namespace SensorWatch.Core.Alerting;

/// <summary>
/// Deterministic alert ids: the first 16 bytes of SHA-256 over <c>sensorId \n model \n runStartMs</c>, as 32 lower-case
/// hex characters. The same anomalous run replayed after a crash gets the same id, so downstream consumers can
/// de-duplicate alerts by id (at-least-once delivery).
/// </summary>
public static class AlertIds
{
    /// <summary>The id of the alert whose anomalous run began with the window starting at <paramref name="runStartMs"/>.</summary>
    public static string Create(string sensorId, string model, long runStartMs)
    {
        ArgumentNullException.ThrowIfNull(sensorId);
        ArgumentNullException.ThrowIfNull(model);
        string text = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{sensorId}\n{model}\n{runStartMs}");
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }
}
