namespace SensorWatch.IntegrationTests.Infrastructure;

/// <summary>
/// Tests whose fault or measurement is timing-sensitive enough that the rest of the suite running beside them on two
/// cores makes them miss (seen in CI: the delivery-timeout fault not hitting the outputs; the scrape test reading an
/// empty exposition), and the CPU- or memory-measuring ones (soak). xunit runs this collection on its own, after the
/// parallel ones (<see cref="ChildProcessCollection"/> and every other class).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Serial: timing-sensitive";
}
