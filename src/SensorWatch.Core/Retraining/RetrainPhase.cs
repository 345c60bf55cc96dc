namespace SensorWatch.Core.Retraining;

/// <summary>Where a <see cref="RetrainingCoordinator"/> is in its cycle.</summary>
internal enum RetrainPhase
{
    /// <summary>Collecting the sample and waiting for the schedule.</summary>
    Idle,

    /// <summary>A candidate trains on a background thread.</summary>
    Training,

    /// <summary>The candidate scores live windows beside the served model.</summary>
    Shadow,

    /// <summary>The promoted model is served and its alert rate watched for a spike.</summary>
    Watching,
}
