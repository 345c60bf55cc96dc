using System.Reflection;
using Xunit.Sdk;

namespace SensorWatch.IntegrationTests.Infrastructure;

/// <summary>
/// The embedded-cluster row of a <c>[Theory]</c> taking a <see cref="KafkaBackend"/>. Add
/// <see cref="ContainerKafkaAttribute"/> for a second row on Apache Kafka (skipped on its own when Docker is absent).
/// </summary>
/// <example><code>
/// [Theory, EmbeddedKafka, ContainerKafka]
/// public async Task Worker_X_Y(KafkaBackend backend) { await using var env = await KafkaTestEnvironment.StartAsync(backend); ... }
/// </code></example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class EmbeddedKafkaAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[KafkaBackend.Embedded]];
}
