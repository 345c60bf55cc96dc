namespace SensorWatch.Roles;

/// <summary>How the worker process should end: 0 after a clean stop, non-zero with a reason after a fatal error.</summary>
internal sealed class WorkerExit
{
    private volatile string? _reason;

    public int ExitCode => _reason is null ? 0 : 1;

    public string? Reason => _reason;

    public void Fail(string reason) => _reason ??= reason;
}
