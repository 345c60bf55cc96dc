using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using SensorWatch.Configuration;

namespace SensorWatch.IntegrationTests.Configuration;

public sealed class KafkaOptionsTests
{
    [Fact]
    public void Validate_Defaults_WithBootstrap_HasNoErrors()
    {
        Assert.Empty(new KafkaOptions { BootstrapServers = "localhost:9092,broker-2:19092" }.Validate());
    }

    [Fact]
    public void Validate_ExactlyOnceWithReadingsTopic_IsRefusedWithTheFix()
    {
        KafkaOptions options = new() { BootstrapServers = "localhost:9092", Guarantee = DeliveryGuarantee.ExactlyOnce };

        string error = Assert.Single(options.Validate());
        Assert.Contains("Kafka:Topics:Readings must be empty when Guarantee is ExactlyOnce", error, StringComparison.Ordinal);
        Assert.Contains("at-least-once only", error, StringComparison.Ordinal);
        options.Topics.Readings = "";
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Validate_ManyProblems_ListsEveryOne()
    {
        KafkaOptions options = new()
        {
            BootstrapServers = "localhost,host:99999",
            GroupId = " ",
            Guarantee = DeliveryGuarantee.ExactlyOnce,
            TransactionalIdPrefix = "",
            StartupTimeout = TimeSpan.Zero,
            Client = new() { ["group.id"] = "x" },
            Topics = new TopicOptions { Alerts = "sensor.windows", Scores = "bad topic!", DeadLetter = "" },
        };
        IReadOnlyList<string> errors = options.Validate();

        Assert.Contains(errors, e => e.Contains("\"localhost\" is not host:port", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("\"host:99999\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Kafka:GroupId is required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Kafka:TransactionalIdPrefix", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Kafka:StartupTimeout", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Kafka:Client:group.id is managed", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Kafka:Topics:Alerts must not be an input topic", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Kafka:Topics:Scores \"bad topic!\" is not a legal", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Kafka:Topics:DeadLetter is required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Kafka:Topics:Readings must be empty when Guarantee is ExactlyOnce", StringComparison.Ordinal));
        Assert.Equal(10, errors.Count);
    }

    [Fact]
    public void Validate_MissingBootstrap_NamesTheEnvironmentVariable()
    {
        string error = Assert.Single(new KafkaOptions().Validate());
        Assert.Contains("SENSORWATCH__KAFKA__BOOTSTRAPSERVERS", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ClientProperties_PassthroughKeys_OverrideTypedOnes()
    {
        KafkaOptions options = new() { BootstrapServers = "a:1", Client = new() { ["security.protocol"] = "SASL_SSL", ["bootstrap.servers"] = "b:2" } };
        Dictionary<string, string> properties = options.ClientProperties();
        Assert.Equal("b:2", properties["bootstrap.servers"]);
        Assert.Equal("SASL_SSL", properties["security.protocol"]);
    }

    [Fact]
    public void ToString_SecretsInClient_AreMasked()
    {
        KafkaOptions options = new()
        {
            BootstrapServers = "a:1",
            Client = new() { ["sasl.password"] = "hunter2", ["sasl.username"] = "svc", ["ssl.key.password"] = "k3y", ["sasl.jaas.config"] = "secret-jaas" },
        };
        string text = options.ToString();

        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("k3y", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-jaas", text, StringComparison.Ordinal);
        Assert.Contains("sasl.username=svc", text, StringComparison.Ordinal);
        Assert.Contains("sasl.password=***", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_FromConfiguration_ReadsNestedSectionsAndPassthrough()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = "k:9092",
            ["Kafka:Guarantee"] = "ExactlyOnce",
            ["Kafka:Topics:Alerts"] = "my.alerts",
            ["Kafka:Client:sasl.mechanism"] = "PLAIN",
        }).Build();
        KafkaOptions options = configuration.GetSection(KafkaOptions.Section).Get<KafkaOptions>()!;

        Assert.Equal("k:9092", options.BootstrapServers);
        Assert.Equal(DeliveryGuarantee.ExactlyOnce, options.Guarantee);
        Assert.Equal("my.alerts", options.Topics.Alerts);
        Assert.Equal("sensor.windows", options.Topics.Windows);
        Assert.Equal("PLAIN", options.Client["sasl.mechanism"]);
    }

    [Fact]
    public void OptionsValidator_InvalidOptions_FailsWithEveryMessage()
    {
        OptionsValidator<KafkaOptions> validator = new(o => o.Validate());
        ValidateOptionsResult result = validator.Validate(null, new KafkaOptions { GroupId = "" });

        Assert.True(result.Failed);
        Assert.Equal(2, result.Failures!.Count());
        Assert.True(validator.Validate(null, new KafkaOptions { BootstrapServers = "a:1" }).Succeeded);
    }
}
