namespace SensorWatch.IntegrationTests.Reliability;

/// <summary>
/// One message the ledger generator wrote: its id (also in the <see cref="LedgerGenerator.IdHeader"/> header and, for
/// well-formed windows, in <c>windowId</c>), the raw key and value, and the dead-letter reason it must get (null = a
/// good window that must get a score record).
/// </summary>
internal sealed record LedgerInput(string Id, byte[] Key, byte[] Value, string? ExpectedReason);
