namespace SensorWatch.Health;

/// <summary>
/// The body of <c>/health</c> and <c>/alive</c>: overall status, every check, and the reasons for failure
/// (empty when healthy). JSON: <c>{ "status": "ready", "checks": [{ "name", "healthy", "detail" }], "reasons": [] }</c>.
/// </summary>
internal sealed record HealthReport(string Status, bool Healthy, IReadOnlyList<HealthCheck> Checks, IReadOnlyList<string> Reasons)
{
    /// <summary>Builds a report whose status is <paramref name="healthyStatus"/> when every check passes.</summary>
    public static HealthReport From(IReadOnlyList<HealthCheck> checks, string healthyStatus, string unhealthyStatus)
    {
        ArgumentNullException.ThrowIfNull(checks);
        string[] reasons = [.. checks.Where(c => !c.Healthy).Select(c => $"{c.Name}: {c.Detail}")];
        bool healthy = reasons.Length == 0;
        return new HealthReport(healthy ? healthyStatus : unhealthyStatus, healthy, checks, reasons);
    }
}
