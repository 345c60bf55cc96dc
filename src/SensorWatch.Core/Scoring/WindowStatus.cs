namespace SensorWatch.Core.Scoring;

/// <summary>What happened to one window in <see cref="DetectorScorer.Score"/>.</summary>
public enum WindowStatus
{
    /// <summary>Complete window, scored.</summary>
    Scored,

    /// <summary>Some cells were missing and filled from the model's own reconstruction before scoring.</summary>
    Imputed,

    /// <summary>Not scored; <see cref="WindowScore.Reason"/> says why (the worker dead-letters it).</summary>
    Refused,
}
