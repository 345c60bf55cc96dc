namespace SensorWatch.Core.Retraining;

/// <summary>Why a window was admitted into an accepted-normal sample.</summary>
internal enum SampleSource
{
    /// <summary>Scored normal by the current model and passed every contamination guard.</summary>
    ScoredNormal,

    /// <summary>Alerted, then marked false-positive by an operator on <c>sensor.feedback</c>.</summary>
    FalsePositiveFeedback,
}
