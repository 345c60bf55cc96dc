namespace SensorWatch.Health;

/// <summary>The state of one model key as readiness sees it.</summary>
internal enum ModelReadiness
{
    /// <summary>A model is loaded and scores windows.</summary>
    Loaded,

    /// <summary>No model yet: windows are collected for the first training (cold start).</summary>
    Probation,
}
