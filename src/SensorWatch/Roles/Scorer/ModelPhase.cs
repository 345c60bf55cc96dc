namespace SensorWatch.Roles.Scorer;

/// <summary>Where a model key is in its life: collecting probation windows, training its first model, or scoring.</summary>
internal enum ModelPhase
{
    Probation,
    Training,
    Ready,
}
