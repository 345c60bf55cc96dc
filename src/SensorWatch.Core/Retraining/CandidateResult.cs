using SensorWatch.Core.Scoring;

namespace SensorWatch.Core.Retraining;

/// <summary>
/// What a <see cref="CandidateTraining"/> produced: the candidate and its holdout report, or a failure reason
/// (<paramref name="Detector"/> and <paramref name="Report"/> null); <paramref name="Cancelled"/> when it was abandoned.
/// </summary>
internal sealed record CandidateResult(AnomalyDetector? Detector, CandidateReport? Report, string? Failure, bool Cancelled, TimeSpan Duration);
