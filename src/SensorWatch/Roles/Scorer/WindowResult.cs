namespace SensorWatch.Roles.Scorer;

/// <summary>The verdict on one window.</summary>
/// <param name="Score">Anomaly score (higher = more anomalous).</param>
/// <param name="Threshold">The threshold the score was compared with.</param>
/// <param name="Anomalous">Score above threshold.</param>
/// <param name="Severity">Calibrated 0–100.</param>
/// <param name="Imputed">Some missing readings were filled from the model's reconstruction.</param>
/// <param name="Refused">The model refused the window (e.g. too many gaps); <paramref name="RefusalReason"/> says why.</param>
/// <param name="RefusalReason">Reason code when refused.</param>
internal readonly record struct WindowResult(double Score, double Threshold, bool Anomalous, int Severity, bool Imputed, bool Refused, string? RefusalReason);
