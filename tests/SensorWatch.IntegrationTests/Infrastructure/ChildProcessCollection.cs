namespace SensorWatch.IntegrationTests.Infrastructure;

/// <summary>
/// Tests that run the real <c>sensorwatch</c> as child processes (SIGKILL, SIGTERM, SIGSTOP) or inject broker faults,
/// and are not timing-sensitive enough for <see cref="SerialCollection"/>: xunit runs them one at a time (one
/// collection), so at most one of them is beside one in-process test (xunit.runner.json: two at a time).
/// </summary>
[CollectionDefinition(Name)]
public sealed class ChildProcessCollection
{
    public const string Name = "Child processes: one at a time";
}
