namespace SensorWatch.Roles.Scorer;

/// <summary>A point-in-time view of one model key, for the demo's live view and status logs.</summary>
internal sealed record ModelStatusView(string ModelKey, ModelPhase Phase, int Collected, int ProbationTarget, string? Version,
    double Threshold, int TrainingAttempts, string? LastFailure, TimeSpan? TrainingTime, long VersionNumber = 0, DateTimeOffset? TrainedAt = null);
