namespace SensorWatch.Core.Snapshots;

/// <summary>Why a model snapshot was refused.</summary>
public enum SnapshotErrorKind
{
    /// <summary>The file ends before the lengths its preamble declares.</summary>
    Truncated,

    /// <summary>The first 8 bytes are not the SensorWatch model magic: not a model file.</summary>
    WrongMagic,

    /// <summary>Written by a newer (or unknown) format version.</summary>
    UnsupportedVersion,

    /// <summary>The SHA-256 of the content does not match the stored one: the file is corrupted.</summary>
    ChecksumMismatch,

    /// <summary>The JSON header is unreadable or misses a required field.</summary>
    InvalidHeader,

    /// <summary>Weights do not match the shapes the header or the architecture require.</summary>
    ShapeMismatch,
}
