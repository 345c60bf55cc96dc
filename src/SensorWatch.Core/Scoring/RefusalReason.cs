namespace SensorWatch.Core.Scoring;

/// <summary>Why a window was refused (stable codes: the worker puts them in dead-letter headers).</summary>
public enum RefusalReason
{
    /// <summary>Not refused.</summary>
    None = 0,

    /// <summary>More missing cells than the model's imputation limit allows.</summary>
    TooManyMissing = 1,

    /// <summary>A cell is +∞ or −∞.</summary>
    NonFinite = 2,

    /// <summary>A whole feature is missing over the window, so there is nothing to anchor its imputation.</summary>
    FeatureMissing = 3,
}
