using Xunit.Abstractions;

[assembly: TestCollectionOrderer("SensorWatch.IntegrationTests.Infrastructure.ChildProcessesFirstOrderer", "SensorWatch.IntegrationTests")]

namespace SensorWatch.IntegrationTests.Infrastructure;

/// <summary>
/// Starts <see cref="ChildProcessCollection"/> first: it is the longest collection that runs beside the others (its tests
/// one at a time), so starting it last left the second slot idle for minutes. The others keep xunit's order.
/// </summary>
public sealed class ChildProcessesFirstOrderer : ITestCollectionOrderer
{
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(collection => collection.DisplayName == ChildProcessCollection.Name ? 0 : 1);
}
