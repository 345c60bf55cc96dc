namespace SensorWatch.Kafka.Messages;

/// <summary>An operator's verdict on <c>sensor.feedback</c> (wire names in kebab case).</summary>
internal enum FeedbackVerdict
{
    /// <summary><c>false-positive</c>: the flagged window(s) were normal; they join the accepted-normal sample.</summary>
    FalsePositive,

    /// <summary><c>confirmed</c>: the alert was a real anomaly.</summary>
    Confirmed,

    /// <summary><c>maintenance-start</c>: mute the sensor's alerts (resolves an open one).</summary>
    MaintenanceStart,

    /// <summary><c>maintenance-end</c>: unmute.</summary>
    MaintenanceEnd,
}
