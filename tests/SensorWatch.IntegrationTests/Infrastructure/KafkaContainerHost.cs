using Testcontainers.Kafka;

namespace SensorWatch.IntegrationTests.Infrastructure;

/// <summary>
/// One Apache Kafka container shared by every container-backed test in the run (started on first use; the
/// Testcontainers resource reaper removes it when the test process exits). Tests isolate by unique topic names.
/// </summary>
internal static class KafkaContainerHost
{
    /// <summary>The image used (Testcontainers.Kafka 4.16's default, pinned).</summary>
    public const string Image = "confluentinc/cp-kafka:7.5.12";

    private static readonly SemaphoreSlim s_gate = new(1, 1);
    private static KafkaContainer? s_container;

    /// <summary>Starts the shared container if needed and returns its bootstrap address.</summary>
    public static async Task<string> GetBootstrapServersAsync(CancellationToken cancellationToken)
    {
        if (!DockerAvailability.IsAvailable)
        {
            throw new InvalidOperationException(DockerAvailability.UnavailableReason);
        }

        await s_gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (s_container is null)
            {
                KafkaContainer container = new KafkaBuilder(Image).Build();
                await container.StartAsync(cancellationToken).ConfigureAwait(false);
                s_container = container;
            }

            return s_container.GetBootstrapAddress();
        }
        finally
        {
            s_gate.Release();
        }
    }
}
