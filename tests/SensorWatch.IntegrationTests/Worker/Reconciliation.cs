namespace SensorWatch.IntegrationTests.Worker;

/// <summary>
/// The verifier of the delivery tests (notes/reliability.md §7.1): every input window id must appear at least once
/// among the score records and dead letters; duplicates are counted, not forbidden (at-least-once).
/// </summary>
internal static class Reconciliation
{
    public static (int Missing, int Duplicates, IReadOnlyList<string> MissingIds) Check(IEnumerable<string> inputIds, IEnumerable<OutputView> scores)
    {
        Dictionary<string, int> seen = new(StringComparer.Ordinal);
        foreach (OutputView score in scores)
        {
            string? id = score.Field("windowId");
            if (id is not null)
            {
                seen[id] = seen.GetValueOrDefault(id) + 1;
            }
        }

        List<string> missing = [.. inputIds.Where(id => !seen.ContainsKey(id))];
        int duplicates = seen.Values.Sum(count => count - 1);
        return (missing.Count, duplicates, missing);
    }

    public static HashSet<string> Ids(IEnumerable<OutputView> scores) =>
        [.. scores.Select(score => score.Field("windowId")).OfType<string>()];
}
