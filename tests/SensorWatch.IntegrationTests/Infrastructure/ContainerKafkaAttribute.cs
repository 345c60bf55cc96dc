using System.Reflection;
using Xunit.Sdk;

namespace SensorWatch.IntegrationTests.Infrastructure;

/// <summary>
/// The Apache Kafka (Testcontainers) row of a <c>[Theory]</c> taking a <see cref="KafkaBackend"/>; that row is
/// reported SKIPPED with the reason when no Docker engine answers. Pair it with <see cref="EmbeddedKafkaAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ContainerKafkaAttribute : DataAttribute
{
    public ContainerKafkaAttribute()
    {
        if (!DockerAvailability.IsAvailable)
        {
            Skip = DockerAvailability.UnavailableReason;
        }
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[KafkaBackend.Container]];
}
