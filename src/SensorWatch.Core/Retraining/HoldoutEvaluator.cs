using SensorWatch.Core.Scoring;

namespace SensorWatch.Core.Retraining;

/// <summary>
/// Computes the holdout figures of a <see cref="CandidateReport"/>: both models reconstruct the same recent
/// accepted-normal windows (B, T, D) raw units; the loss of each is the mean squared reconstruction error over every
/// finite cell, measured in ONE space — standardised by the reference scales (the current model's, or the
/// candidate's when there is none), so a candidate that learned a wider (contaminated) normal range cannot hide
/// behind its own larger scales. Alarms are the candidate's anomalous verdicts on those windows.
/// </summary>
internal static class HoldoutEvaluator
{
    private const int Batch = 64;

    /// <summary>The report for <paramref name="candidate"/> against <paramref name="current"/> (null = first model).</summary>
    public static CandidateReport Evaluate(AnomalyDetector candidate, AnomalyDetector? current, ReadOnlySpan<float> holdout, int count)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        int cells = candidate.WindowLength * candidate.FeatureCount;
        if (count < 0 || holdout.Length != count * cells)
        {
            throw new ArgumentException($"Holdout must be (B={count}, T={candidate.WindowLength}, D={candidate.FeatureCount}) = {count * cells} floats, got {holdout.Length}.", nameof(holdout));
        }

        if (current is not null && (current.WindowLength != candidate.WindowLength || current.FeatureCount != candidate.FeatureCount))
        {
            throw new ArgumentException($"Candidate (T={candidate.WindowLength}, D={candidate.FeatureCount}) and current (T={current.WindowLength}, D={current.FeatureCount}) shapes differ.", nameof(current));
        }

        IReadOnlyList<double> scales = (current ?? candidate).Standardizer.Scales;
        (double candidateLoss, int alarms) = Loss(candidate, holdout, count, scales);
        double? currentLoss = current is null ? null : Loss(current, holdout, count, scales).Loss;
        TrainingMetadata m = candidate.Metadata;
        return new CandidateReport(m.Converged, m.FailureReason, m.TrainLosses, count, candidateLoss, currentLoss, alarms);
    }

    private static (double Loss, int Alarms) Loss(AnomalyDetector detector, ReadOnlySpan<float> holdout, int count, IReadOnlyList<double> scales)
    {
        int t = detector.WindowLength, d = detector.FeatureCount, cells = t * d;
        DetectorScorer scorer = detector.CreateScorer(Batch);
        WindowScore[] results = new WindowScore[Batch];
        float[] reconstruction = new float[Batch * cells]; // (B, T, D) raw units
        double sum = 0;
        long finite = 0;
        int alarms = 0;
        for (int start = 0; start < count; start += Batch)
        {
            int b = Math.Min(Batch, count - start);
            ReadOnlySpan<float> windows = holdout.Slice(start * cells, b * cells);
            scorer.Score(windows, b, results.AsSpan(0, b), default, default);
            scorer.CopyReconstruction(reconstruction.AsSpan(0, b * cells));
            for (int i = 0; i < b * cells; i++)
            {
                double error = (reconstruction[i] - (double)windows[i]) / scales[i % d];
                if (double.IsFinite(error))
                {
                    sum += error * error;
                    finite++;
                }
                else if (float.IsFinite(windows[i]))
                {
                    sum = double.NaN; // a non-finite reconstruction of a finite input poisons the loss on purpose
                }
            }

            alarms += results.AsSpan(0, b).ToArray().Count(r => r.Anomalous);
        }

        return (finite == 0 ? double.NaN : sum / finite, alarms);
    }
}
