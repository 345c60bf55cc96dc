namespace SensorWatch.IntegrationTests.Reliability;

/// <summary>The output topic a ledger record came from.</summary>
internal enum LedgerOutcomeKind
{
    Score,
    DeadLetter,
    Alert,
}
