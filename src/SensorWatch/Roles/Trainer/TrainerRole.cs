namespace SensorWatch.Roles.Trainer;

/// <summary>How the trainer runs in this process: alone (it then reports readiness) or beside a scorer (which does).</summary>
internal sealed record TrainerRole(bool OwnsReadiness);
