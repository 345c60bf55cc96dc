using SensorWatch.Core.Retraining;

namespace SensorWatch.Roles.Trainer;

/// <summary>One owned key as the demo shows it: phase, the served version the trainer knows, and the sample's size.</summary>
internal sealed record TrainerKeyView(string ModelKey, RetrainPhase Phase, string? CurrentVersion, int SampleWindows, int Retrains);
