namespace SensorWatch.Core.Retraining;

/// <summary>What the host must do after <see cref="RetrainingCoordinator.Poll"/>.</summary>
internal enum RetrainActionKind
{
    /// <summary>Nothing.</summary>
    None,

    /// <summary>Serve and publish the candidate (<see cref="RetrainAction.Detector"/>, <see cref="RetrainAction.Version"/>).</summary>
    Promote,

    /// <summary>Serve and publish the previous model again (<see cref="RetrainAction.Detector"/>, <see cref="RetrainAction.Version"/>).</summary>
    RollBack,

    /// <summary>A candidate was rejected; the served model stays (log and count <see cref="RetrainAction.Decision"/>).</summary>
    Rejected,
}
