namespace SensorWatch.Core.Alerting;

/// <summary>
/// One scored window as the alert state machine sees it. Times are Unix milliseconds (UTC);
/// <paramref name="WindowEndMs"/> must be greater than <paramref name="WindowStartMs"/>.
/// </summary>
/// <param name="WindowStartMs">Start of the window (its first step).</param>
/// <param name="WindowEndMs">End of the window (start + T × interval); the replay guard keys on it.</param>
/// <param name="Anomalous">True when the score is above the threshold.</param>
/// <param name="Score">The window score.</param>
/// <param name="Threshold">The threshold the score was compared with.</param>
/// <param name="Severity">Calibrated severity 0–100.</param>
public readonly record struct WindowVerdict(long WindowStartMs, long WindowEndMs, bool Anomalous, double Score, double Threshold, int Severity);
