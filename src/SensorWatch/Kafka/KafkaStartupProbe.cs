using System.Diagnostics;
using Confluent.Kafka;
using SensorWatch.Configuration;

namespace SensorWatch.Kafka;

/// <summary>
/// Waits (bounded) until the cluster answers a metadata request, so <c>run</c> can fail at start with a clear
/// message instead of retrying forever in the background. Also reports which of the worker's topics are missing.
/// </summary>
internal static class KafkaStartupProbe
{
    /// <summary>Null when reachable; otherwise what went wrong, in words a user can act on.</summary>
    public static string? WaitForCluster(KafkaOptions options, TimeSpan timeout, out IReadOnlyList<string> missingTopics, CancellationToken cancellationToken = default)
    {
        missingTopics = [];
        string lastError = "no answer";
        AdminClientConfig config = KafkaClientConfigs.Admin(options);
        using IAdminClient admin = new AdminClientBuilder(config)
            .SetLogHandler((_, _) => { })
            .SetErrorHandler((_, error) => lastError = $"{error.Code}: {error.Reason}")
            .Build();
        Stopwatch watch = Stopwatch.StartNew();
        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan left = timeout - watch.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                break;
            }

            try
            {
                Metadata metadata = admin.GetMetadata(left < TimeSpan.FromSeconds(5) ? left : TimeSpan.FromSeconds(5));
                if (metadata.Brokers.Count > 0)
                {
                    HashSet<string> present = [.. metadata.Topics.Where(topic => !topic.Error.IsError).Select(topic => topic.Topic)];
                    string[] needed = [options.Topics.Windows, options.Topics.Alerts, options.Topics.Scores, options.Topics.DeadLetter];
                    missingTopics = [.. needed.Where(topic => !present.Contains(topic))];
                    return null;
                }
            }
            catch (KafkaException exception)
            {
                lastError = $"{exception.Error.Code}: {exception.Error.Reason}";
            }

            Thread.Sleep(200);
        }

        return $"Kafka at '{options.BootstrapServers}' did not answer within {timeout.TotalSeconds:F0} s (last error: {lastError}). " +
            "Check Kafka:BootstrapServers (or --bootstrap / SENSORWATCH__KAFKA__BOOTSTRAPSERVERS) and that the brokers are running.";
    }
}
