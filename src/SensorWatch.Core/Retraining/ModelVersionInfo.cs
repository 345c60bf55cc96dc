using SensorWatch.Core.Scoring;
using SensorWatch.Core.Snapshots;

namespace SensorWatch.Core.Retraining;

/// <summary>One stored version: its file, whether it is current, and either its metadata or why it cannot be read.</summary>
internal sealed record ModelVersionInfo(
    int Version,
    string Path,
    long SizeBytes,
    bool IsCurrent,
    TrainingMetadata? Metadata,
    SnapshotErrorKind? Error,
    string? ErrorText);
