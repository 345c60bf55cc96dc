namespace SensorWatch.Core.Alerting;

/// <summary>
/// Hysteresis rules of <see cref="AlertStateMachine"/>.
/// </summary>
/// <param name="OpenAfter">k: an alert opens after this many anomalous windows in a row (≥ 1).</param>
/// <param name="ResolveAfter">m: an open alert resolves after this many normal windows in a row (≥ 1).</param>
/// <param name="SeverityStep">
/// An open alert is re-sent as <c>update</c> only when its severity rises at least this many points (1–100)
/// above the severity last sent for it. Falling severity is never re-sent; the alert simply resolves later.
/// </param>
public sealed record AlertPolicy(int OpenAfter = 3, int ResolveAfter = 5, int SeverityStep = 15)
{
    /// <summary>Every rule that is out of range, one message each; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        List<string> errors = [];
        if (OpenAfter < 1)
        {
            errors.Add($"OpenAfter (k) must be at least 1, got {OpenAfter}.");
        }

        if (ResolveAfter < 1)
        {
            errors.Add($"ResolveAfter (m) must be at least 1, got {ResolveAfter}.");
        }

        if (SeverityStep is < 1 or > 100)
        {
            errors.Add($"SeverityStep must be between 1 and 100 points, got {SeverityStep}.");
        }

        return errors;
    }
}
