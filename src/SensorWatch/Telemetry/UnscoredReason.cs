namespace SensorWatch.Telemetry;

/// <summary>Why a consumed, valid window yielded a score record without a score.</summary>
internal enum UnscoredReason
{
    /// <summary>No model yet for the key: the window was collected for the first training (cold start).</summary>
    Probation,

    /// <summary>The model refused the window (e.g. too many missing values to impute).</summary>
    Refused,
}
