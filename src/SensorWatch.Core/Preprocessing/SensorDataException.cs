namespace SensorWatch.Core.Preprocessing;

/// <summary>Input data that cannot be read; the message names the file, the line and what to fix.</summary>
public sealed class SensorDataException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SensorDataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public SensorDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public SensorDataException()
    {
    }
}
