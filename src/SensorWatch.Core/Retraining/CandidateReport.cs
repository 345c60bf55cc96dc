namespace SensorWatch.Core.Retraining;

/// <summary>
/// What the offline promotion check needs to know about a trained candidate. Holdout figures are computed by the
/// caller on the same recent accepted-normal windows for both models: the mean per-window reconstruction loss
/// (standardised units, so comparable between models) and how many windows the candidate scores anomalous.
/// <paramref name="CurrentHoldoutLoss"/> is null when there is no current model (first training).
/// </summary>
internal sealed record CandidateReport(
    bool Converged,
    string? FailureReason,
    IReadOnlyList<double> TrainLosses,
    int HoldoutWindows,
    double CandidateHoldoutLoss,
    double? CurrentHoldoutLoss,
    int CandidateHoldoutAlarms);
