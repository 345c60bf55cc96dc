using SensorWatch.Core.Scoring;

namespace SensorWatch.Roles.Trainer;

/// <summary>A verified model served for <paramref name="ModelKey"/> (from the models topic or the store), with the version scorers report.</summary>
internal sealed record ServedModel(string ModelKey, AnomalyDetector Detector, string Version, string Origin);
