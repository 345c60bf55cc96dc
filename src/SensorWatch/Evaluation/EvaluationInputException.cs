namespace SensorWatch.Evaluation;

/// <summary>Evaluation input that cannot be used (missing file, bad row, unknown label key); the message says what to fix.</summary>
internal sealed class EvaluationInputException : Exception
{
    public EvaluationInputException()
    {
    }

    public EvaluationInputException(string message)
        : base(message)
    {
    }

    public EvaluationInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
