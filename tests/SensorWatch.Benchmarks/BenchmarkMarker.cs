namespace SensorWatch.Benchmarks;

/// <summary>Anchors the assembly for <c>BenchmarkSwitcher</c>.</summary>
public sealed class BenchmarkMarker
{
}
