using System.Globalization;

namespace SensorWatch.IntegrationTests.Reliability;

/// <summary>
/// The reconciliation of one scenario: how many inputs, how many were lost (no score record and no dead letter),
/// the most outputs any one input got beyond the first (max duplicates) and their total, inputs answered the wrong
/// way (a good window dead-lettered, a bad one scored, or a dead letter with another reason), and alert records
/// repeated with the same id, state and window (deterministic alert ids make these detectable).
/// </summary>
internal sealed record LedgerReport(
    string Scenario,
    int Iterations,
    int Inputs,
    IReadOnlyList<string> LostIds,
    int MaxDuplicates,
    int TotalDuplicates,
    IReadOnlyList<string> Misrouted,
    int Alerts,
    int AlertDuplicates)
{
    public int Lost => LostIds.Count;

    /// <summary>The table header matching <see cref="ToString"/>.</summary>
    public const string Header = "scenario | iterations | inputs | lost | max duplicates | total duplicates | misrouted | alerts (dup) | result";

    /// <summary>Every way this report breaks "no loss, at most <paramref name="maxDuplicatesPerId"/> extra outputs per id and <paramref name="maxTotalDuplicates"/> in all".</summary>
    public IReadOnlyList<string> Violations(int maxDuplicatesPerId, int maxTotalDuplicates)
    {
        List<string> violations = [];
        if (Lost > 0)
        {
            violations.Add($"{Lost} input(s) lost, e.g. {string.Join(", ", LostIds.Take(5))}");
        }

        if (MaxDuplicates > maxDuplicatesPerId)
        {
            violations.Add($"an input was answered {MaxDuplicates + 1} times (bound: {maxDuplicatesPerId + 1})");
        }

        if (TotalDuplicates > maxTotalDuplicates)
        {
            violations.Add($"{TotalDuplicates} duplicate outputs in all (bound: {maxTotalDuplicates})");
        }

        if (Misrouted.Count > 0)
        {
            violations.Add($"{Misrouted.Count} input(s) answered wrongly, e.g. {string.Join("; ", Misrouted.Take(3))}");
        }

        return violations;
    }

    /// <summary>One table row: scenario, iterations, inputs, lost, max duplicates, total duplicates, misrouted, alerts.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Scenario} | {Iterations} | {Inputs} | {Lost} | {MaxDuplicates} | {TotalDuplicates} | {Misrouted.Count} | {Alerts} ({AlertDuplicates})");
}
