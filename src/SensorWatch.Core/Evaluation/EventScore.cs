namespace SensorWatch.Core.Evaluation;

/// <summary>Event-wise outcome at one threshold.</summary>
/// <param name="Segments">Labelled segments (maximal runs of label 1).</param>
/// <param name="DetectedSegments">Segments with at least one predicted row.</param>
/// <param name="PredictedRuns">Maximal runs of predicted rows.</param>
/// <param name="TruePredictedRuns">Predicted runs that overlap a labelled segment.</param>
/// <param name="MeanDelay">Mean rows from a detected segment's start to its first predicted row; NaN when none is detected.</param>
/// <param name="MedianDelay">Median of the same delays; NaN when none is detected.</param>
internal sealed record EventScore(int Segments, int DetectedSegments, int PredictedRuns, int TruePredictedRuns,
    double MeanDelay, double MedianDelay)
{
    /// <summary>Detected segments / labelled segments (0 when nothing is labelled).</summary>
    public double Recall => Segments == 0 ? 0.0 : (double)DetectedSegments / Segments;

    /// <summary>Predicted runs overlapping a segment / predicted runs (0 when nothing is predicted).</summary>
    public double Precision => PredictedRuns == 0 ? 0.0 : (double)TruePredictedRuns / PredictedRuns;

    /// <summary>Harmonic mean of event precision and event recall. Not optimised over thresholds: predicting every
    /// row is one run overlapping every segment and would score 1.</summary>
    public double F1 => Precision + Recall == 0 ? 0.0 : 2 * Precision * Recall / (Precision + Recall);
}
