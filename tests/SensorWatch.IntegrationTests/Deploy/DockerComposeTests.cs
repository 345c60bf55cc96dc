namespace SensorWatch.IntegrationTests.Deploy;

/// <summary>
/// docker-compose.yml checked by parsing (no Docker engine runs in CI): the services, their wiring and every
/// host path they mount.
/// </summary>
public sealed class DockerComposeTests
{
    private readonly ComposeFile _compose = ComposeFile.Load(RepositoryPaths.Combine("docker-compose.yml"));

    [Fact]
    public void Services_AreTheWholeStack()
    {
        Assert.Equal(["grafana", "kafka", "prometheus", "simulator", "topics", "worker"], _compose.Services.Keys.Select(k => k.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Kafka_RunsApacheKafkaInKRaftModeWithAHealthcheck()
    {
        Dictionary<object, object> kafka = _compose.Service("kafka");
        Dictionary<object, object> environment = ComposeFile.Map(kafka["environment"]);

        Assert.StartsWith("apache/kafka:", ComposeFile.Text(kafka, "image"), StringComparison.Ordinal);
        Assert.Equal("broker,controller", ComposeFile.Text(environment, "KAFKA_PROCESS_ROLES"));
        Assert.Contains("CONTROLLER", ComposeFile.Text(environment, "KAFKA_CONTROLLER_LISTENER_NAMES"), StringComparison.Ordinal);
        Assert.Contains("1@kafka:9093", ComposeFile.Text(environment, "KAFKA_CONTROLLER_QUORUM_VOTERS"), StringComparison.Ordinal);
        Assert.DoesNotContain(environment.Keys, k => k.ToString()!.Contains("ZOOKEEPER", StringComparison.Ordinal));
        Assert.True(kafka.ContainsKey("healthcheck"));
    }

    [Fact]
    public void Topics_OneShotAfterHealthyKafka_CreatesEveryTopic()
    {
        Dictionary<object, object> topics = _compose.Service("topics");
        string script = string.Join('\n', ComposeFile.List(topics["command"]));

        Assert.Equal("no", ComposeFile.Text(topics, "restart"));
        Assert.Equal("service_healthy", ComposeFile.Text(ComposeFile.Map(ComposeFile.Map(topics["depends_on"])["kafka"]), "condition"));
        foreach (string topic in new[] { "sensor.windows", "sensor.alerts", "sensor.scores", "sensor.windows.dlq", "sensor.feedback", "sensor.samples", "sensor.models" })
        {
            Assert.Contains($"create {topic} ", script, StringComparison.Ordinal);
        }

        Assert.Contains("create sensor.models 1 --config cleanup.policy=compact", script, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("worker", "run")]
    [InlineData("simulator", "simulate --bootstrap kafka:9092")]
    public void SensorWatchServices_RunTheVerbReadOnlyAfterTopics(string service, string command)
    {
        Dictionary<object, object> definition = _compose.Service(service);

        Assert.Equal(command.Split(' '), ComposeFile.List(definition["command"]).Select(c => c.ToString()));
        Assert.Equal("Dockerfile", ComposeFile.Text(ComposeFile.Map(definition["build"]), "dockerfile"));
        Assert.Equal("true", ComposeFile.Text(definition, "read_only"), ignoreCase: true);
        Assert.Contains("/tmp", ComposeFile.List(definition["tmpfs"]).Select(t => t.ToString()));
        Assert.Equal("kafka:9092", ComposeFile.Text(ComposeFile.Map(definition["environment"]), "SENSORWATCH__KAFKA__BOOTSTRAPSERVERS"));
        Assert.Equal("service_completed_successfully", ComposeFile.Text(ComposeFile.Map(ComposeFile.Map(definition["depends_on"])["topics"]), "condition"));
    }

    [Fact]
    public void Worker_Environment_BindsCleanlyIntoTheWorkerConfiguration()
    {
        Dictionary<string, string?> settings = ComposeFile.Map(_compose.Service("worker")["environment"])
            .Where(pair => pair.Key.ToString()!.StartsWith("SENSORWATCH__", StringComparison.Ordinal))
            .ToDictionary(pair => pair.Key.ToString()!["SENSORWATCH__".Length..].Replace("__", ":", StringComparison.Ordinal), pair => pair.Value?.ToString());

        SensorWatch.Roles.WorkerConfiguration configuration = SensorWatch.Roles.WorkerConfiguration.Load(null, settings, includeEnvironment: false);

        Assert.Empty(configuration.Errors);
        Assert.Equal("kafka:9092", configuration.Root["Kafka:BootstrapServers"]);
        Assert.Equal("9464", configuration.Root["SensorWatch:Telemetry:Port"]);
    }

    [Fact]
    public void Prometheus_ScrapesTheWorkerPortAndLoadsTheRules()
    {
        string worker = ComposeFile.Text(ComposeFile.Map(_compose.Service("worker")["environment"]), "SENSORWATCH__TELEMETRY__PORT");
        string config = File.ReadAllText(RepositoryPaths.Combine("deploy", "prometheus", "prometheus.yml"));

        Assert.Contains($"worker:{worker}", config, StringComparison.Ordinal);
        Assert.Contains("rules/*.yml", config, StringComparison.Ordinal);
        Assert.Contains("./deploy/prometheus:/etc/prometheus:ro", ComposeFile.List(_compose.Service("prometheus")["volumes"]).Select(v => v.ToString()));
    }

    [Fact]
    public void Grafana_MountsProvisioningAndDashboards()
    {
        string[] volumes = [.. ComposeFile.List(_compose.Service("grafana")["volumes"]).Select(v => v.ToString()!)];

        Assert.Contains("./deploy/grafana/provisioning:/etc/grafana/provisioning:ro", volumes);
        Assert.Contains("./deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro", volumes);
    }

    [Fact]
    public void BindMounts_EveryHostPath_Exists()
    {
        foreach ((object name, object definition) in _compose.Services)
        {
            Dictionary<object, object> service = ComposeFile.Map(definition);
            if (!service.TryGetValue("volumes", out object? volumes))
            {
                continue;
            }

            foreach (string volume in ComposeFile.List(volumes).Select(v => v.ToString()!).Where(v => v.StartsWith("./", StringComparison.Ordinal)))
            {
                string host = volume.Split(':')[0];
                string full = Path.GetFullPath(Path.Combine(RepositoryPaths.Root, host));
                Assert.True(Directory.Exists(full) || File.Exists(full), $"{name}: {host} does not exist");
            }
        }
    }
}
