namespace SensorWatch.IntegrationTests.Reliability;

/// <summary>
/// The verifier of notes/reliability.md §7.2 (Kafka's streams_eos_test verifier and Jepsen's lost-write check in
/// spirit): every input id must be answered at least once — a good window by a score record (scored, probation or
/// imputed), a bad one by a dead letter with its expected reason — and the extra answers per id are counted.
/// Committed offsets are never consulted.
/// </summary>
internal static class Ledger
{
    public static LedgerReport Reconcile(string scenario, int iterations, IReadOnlyList<LedgerInput> inputs, IEnumerable<LedgerOutcome> outcomes)
    {
        Dictionary<string, LedgerInput> byId = new(StringComparer.Ordinal);
        foreach (LedgerInput input in inputs)
        {
            if (!byId.TryAdd(input.Id, input))
            {
                throw new ArgumentException($"Input id '{input.Id}' is not unique; the ledger needs unique ids.", nameof(inputs));
            }
        }

        Dictionary<string, int> answers = new(StringComparer.Ordinal);
        HashSet<string> misrouted = new(StringComparer.Ordinal);
        Dictionary<string, int> alertCopies = new(StringComparer.Ordinal);
        foreach (LedgerOutcome outcome in outcomes)
        {
            if (outcome.Kind == LedgerOutcomeKind.Alert)
            {
                alertCopies[outcome.Id + "|" + outcome.Detail] = alertCopies.GetValueOrDefault(outcome.Id + "|" + outcome.Detail) + 1;
                continue;
            }

            if (!byId.TryGetValue(outcome.Id, out LedgerInput? input))
            {
                continue;   // an output of something this ledger did not write (another test's input, a warm-up)
            }

            answers[outcome.Id] = answers.GetValueOrDefault(outcome.Id) + 1;
            string? wrong = (input.ExpectedReason, outcome.Kind) switch
            {
                (null, LedgerOutcomeKind.DeadLetter) => $"{input.Id}: good window dead-lettered ({outcome.Detail})",
                (not null, LedgerOutcomeKind.Score) => $"{input.Id}: expected dead letter {input.ExpectedReason}, got a score record ({outcome.Detail})",
                (not null, LedgerOutcomeKind.DeadLetter) when outcome.Detail != input.ExpectedReason => $"{input.Id}: expected {input.ExpectedReason}, got {outcome.Detail}",
                _ => null,
            };
            if (wrong is not null)
            {
                misrouted.Add(wrong);
            }
        }

        List<string> lost = [.. inputs.Select(input => input.Id).Where(id => !answers.ContainsKey(id))];
        int maxDuplicates = answers.Count == 0 ? 0 : answers.Values.Max() - 1;
        int totalDuplicates = answers.Values.Sum(count => count - 1);
        return new LedgerReport(scenario, iterations, inputs.Count, lost, maxDuplicates, totalDuplicates, [.. misrouted],
            alertCopies.Values.Sum(), alertCopies.Values.Sum(count => count - 1));
    }
}
