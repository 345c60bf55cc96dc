namespace SensorWatch.Roles.Bench;

/// <summary>Settings of one <c>bench-pipeline</c> invocation.</summary>
internal sealed record PipelineBenchOptions
{
    /// <summary>Windows pre-produced and pushed through the worker in each throughput run.</summary>
    public int Windows { get; init; } = 20000;

    /// <summary>Throughput runs over the same input (a new consumer group each); medians are reported.</summary>
    public int Runs { get; init; } = 3;

    /// <summary><c>Scorer:BatchSize</c> of the worker under test.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Extra worker settings (<c>Section:Key=value</c>), e.g. <c>Scorer:ScoringThreads=1</c>.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Seconds of the paced latency run at half the measured rate; 0 skips it.</summary>
    public int LatencySeconds { get; init; } = 10;
}
