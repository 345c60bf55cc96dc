namespace SensorWatch.Evaluation;

/// <summary>What <c>sensorwatch evaluate</c> was asked to do (paths are absolute).</summary>
internal sealed record EvaluationRequest(string Format, string DataDirectory, string? LabelsPath, string OutputDirectory,
    string? ConfigPath, string? ScoresDirectory, double? Threshold, bool Json, bool Plots);
