namespace SensorWatch.IntegrationTests.Reliability;

/// <summary>What the ledger consumer saw for one output record: the input id it answers and its kind.</summary>
/// <param name="Id">the ledger id (score <c>windowId</c>, or the id header copied onto a dead letter)</param>
/// <param name="Kind">score, dead-letter or alert</param>
/// <param name="Detail">the score status, the dead-letter reason or the alert id</param>
internal sealed record LedgerOutcome(string Id, LedgerOutcomeKind Kind, string Detail);
