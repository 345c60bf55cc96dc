namespace SensorWatch.Core.Retraining;

/// <summary>A model-store operation that cannot be done (bad key, unknown version, unreadable folder, bad pointer).
/// Corrupt model files throw <see cref="Snapshots.ModelSnapshotException"/> instead.</summary>
internal sealed class ModelStoreException : Exception
{
    /// <summary>Creates the exception with no detail.</summary>
    public ModelStoreException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ModelStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ModelStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
