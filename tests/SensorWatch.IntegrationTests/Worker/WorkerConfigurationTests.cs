using SensorWatch.Roles;

namespace SensorWatch.IntegrationTests.Worker;

/// <summary>The worker's layered configuration: every error listed at once, aliases of earlier layouts accepted.</summary>
public sealed class WorkerConfigurationTests
{
    [Fact]
    public void Load_SeveralBadValues_ListsEveryError()
    {
        WorkerConfiguration configuration = WorkerConfiguration.Load(null, new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = "no-port",
            ["Kafka:Guarantee"] = "ExactlyOnce",
            ["Scorer:BatchSize"] = "0",
            ["Worker:SessionTimeoutMs"] = "10",
            ["Worker:TrainingThreads"] = "0",
            ["Worker:SampleFraction"] = "1.5",
        }, includeEnvironment: false);

        Assert.Contains(configuration.Errors, error => error.Contains("BootstrapServers", StringComparison.Ordinal));
        Assert.Contains(configuration.Errors, error => error.Contains("BatchSize", StringComparison.Ordinal));
        Assert.Contains(configuration.Errors, error => error.Contains("SessionTimeoutMs", StringComparison.Ordinal));
        Assert.Contains(configuration.Errors, error => error.Contains("TrainingThreads", StringComparison.Ordinal));
        Assert.Contains(configuration.Errors, error => error.Contains("Worker:SampleFraction must be 0 to 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_UnknownKey_IsAnError()
    {
        WorkerConfiguration configuration = WorkerConfiguration.Load(null, new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = "localhost:9092",
            ["Worker:NoSuchSetting"] = "1",
        }, includeEnvironment: false);

        Assert.Contains(configuration.Errors, error => error.Contains("NoSuchSetting", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_AliasesOfEarlierLayout_MapToCurrentSettings()
    {
        WorkerConfiguration configuration = WorkerConfiguration.Load(null, new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = "localhost:9092",
            ["Scorer:ModelStore"] = "/data/models",
            ["Scorer:AlertOpenAfter"] = "4",
            ["Telemetry:Port"] = "9999",
        }, includeEnvironment: false);

        Assert.Empty(configuration.Errors);
        Assert.Equal("/data/models", configuration.Settings.Worker.ModelStore);
        Assert.Equal(4, configuration.Settings.Scorer.OpenAfter);
        Assert.Equal("9999", configuration.Root["SensorWatch:Telemetry:Port"]);
    }
}
