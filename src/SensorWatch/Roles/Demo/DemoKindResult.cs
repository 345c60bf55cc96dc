namespace SensorWatch.Roles.Demo;

/// <summary>Per anomaly kind: injected (scorable), detected, and the median time to detect in sensor time.</summary>
internal sealed record DemoKindResult(string Kind, int Injected, int Detected, int DuringColdStart, double? MedianSecondsToDetect, double? MedianWallSecondsToDetect);
