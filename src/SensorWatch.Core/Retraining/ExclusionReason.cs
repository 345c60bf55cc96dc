namespace SensorWatch.Core.Retraining;

/// <summary>Why a window offered to an accepted-normal sample was kept out of it.</summary>
internal enum ExclusionReason
{
    /// <summary>The window lies within the alert margin before or after an alert of its sensor.</summary>
    NearAlert,

    /// <summary>Its sensor was under maintenance.</summary>
    Maintenance,

    /// <summary>Its sensor had an open sensor-health fault.</summary>
    HealthFault,

    /// <summary>Its score is in the top fraction of recent normal scores (possibly an incipient anomaly).</summary>
    TopScore,

    /// <summary>It was scored anomalous, refused, or its score or values are not finite.</summary>
    NotNormal,

    /// <summary>Its sensor's quarantine was full; the oldest waiting window was dropped rather than admitted unchecked.</summary>
    QuarantineOverflow,
}
