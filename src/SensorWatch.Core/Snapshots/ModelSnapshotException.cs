namespace SensorWatch.Core.Snapshots;

/// <summary>A model snapshot that cannot be used. The message says what was expected, what was found and what to do.</summary>
public sealed class ModelSnapshotException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelSnapshotException(SnapshotErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>Creates the exception with no detail (serialisation and analyzers).</summary>
    public ModelSnapshotException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ModelSnapshotException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ModelSnapshotException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Why the snapshot was refused.</summary>
    public SnapshotErrorKind Kind { get; } = SnapshotErrorKind.InvalidHeader;
}
