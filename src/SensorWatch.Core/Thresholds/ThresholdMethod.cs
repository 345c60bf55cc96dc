namespace SensorWatch.Core.Thresholds;

/// <summary>How the alarm threshold is set from scores of held-out normal windows for a target false-alarm rate.</summary>
public enum ThresholdMethod
{
    /// <summary>The empirical (1 − rate) quantile of the calibration scores.</summary>
    Quantile,

    /// <summary>Peaks over threshold: a generalised Pareto tail fitted above a high quantile, extrapolated to the rate.</summary>
    PeaksOverThreshold,
}
