namespace SensorWatch.Core.Synthetic;

/// <summary>The kinds of anomaly <see cref="SyntheticSensorGenerator"/> injects; <see cref="None"/> labels a normal row.</summary>
public enum AnomalyKind
{
    /// <summary>Normal row.</summary>
    None = 0,

    /// <summary>1-3 rows of one sensor jump by several typical deviations.</summary>
    Spike,

    /// <summary>One sensor reads a constant offset for the whole event.</summary>
    LevelShift,

    /// <summary>One sensor's offset grows linearly from near 0 to a few typical deviations.</summary>
    Drift,

    /// <summary>One sensor repeats its last reading (a frozen value) while the process moves on.</summary>
    Stuck,

    /// <summary>One sensor gets strong extra white noise.</summary>
    NoiseBurst,

    /// <summary>The vibration sensor's oscillation runs at a different period (bearing or rotor fault).</summary>
    FrequencyChange,

    /// <summary>
    /// Two coupled sensors stop agreeing: one of them follows a different operating point than its partner while
    /// each stays inside its own normal range (no per-sensor threshold can see it).
    /// </summary>
    BrokenRelation,
}
