using System.Text.Json;
using System.Text.Json.Serialization;

namespace SensorWatch.Roles.Demo;

/// <summary>What the demo measured: throughput, cold start, and injected anomalies against the alerts raised.</summary>
internal sealed record DemoSummary
{
    public double DurationSeconds { get; init; }

    public int Sensors { get; init; }

    public long WindowsProduced { get; init; }

    public long WindowsConsumed { get; init; }

    public long WindowsScored { get; init; }

    public long WindowsProbation { get; init; }

    public long DeadLetters { get; init; }

    public double? FirstModelSeconds { get; init; }

    public double? TrainingSeconds { get; init; }

    public int Injected { get; init; }

    public int Detected { get; init; }

    public int InjectedDuringColdStart { get; init; }

    public int AlertsOpened { get; init; }

    public int FalseAlerts { get; init; }

    public IReadOnlyList<DemoKindResult> Kinds { get; init; } = [];

    /// <summary>Every retraining step of the trainer role (outcome, reason, training time, sample size, version).</summary>
    public IReadOnlyList<DemoRetrain> Retrains { get; init; } = [];

    public string? MetricsUrl { get; init; }

    public void WriteJson(string path)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, JsonSerializer.Serialize(this, DemoSummaryJson.Default.DemoSummary));
    }
}

/// <summary>Source-generated JSON for <see cref="DemoSummary"/>.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(DemoSummary))]
internal sealed partial class DemoSummaryJson : JsonSerializerContext;
