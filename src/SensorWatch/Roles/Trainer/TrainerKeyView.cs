using SensorWatch.Core.Retraining;

namespace SensorWatch.Roles.Trainer;

/// <summary>
/// One owned key as the demo shows it: phase, the served version the trainer knows, the sample's size, and how many
/// windows operator feedback admitted (false positives) or kept out (maintenance).
/// </summary>
internal sealed record TrainerKeyView(string ModelKey, RetrainPhase Phase, string? CurrentVersion, int SampleWindows, int Retrains,
    long FalsePositivesAdmitted = 0, long ExcludedForMaintenance = 0);
