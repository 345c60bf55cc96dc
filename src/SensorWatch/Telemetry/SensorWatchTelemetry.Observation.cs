using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SensorWatch.Telemetry;

/// <summary>Callbacks of the observable gauges: the model registry and the consumer-lag snapshot.</summary>
internal sealed partial class SensorWatchTelemetry
{
    private IEnumerable<Measurement<long>> ObserveModelVersions()
    {
        foreach (ModelStatus status in ReadModelStatuses())
        {
            yield return new Measurement<long>(status.Version, new KeyValuePair<string, object?>(TelemetryTags.ModelKey, _modelKeys.Admit(status.ModelKey)));
        }
    }

    private IEnumerable<Measurement<double>> ObserveModelThresholds()
    {
        foreach (ModelStatus status in ReadModelStatuses())
        {
            if (double.IsFinite(status.Threshold))
            {
                yield return new Measurement<double>(status.Threshold, new KeyValuePair<string, object?>(TelemetryTags.ModelKey, _modelKeys.Admit(status.ModelKey)));
            }
        }
    }

    private IEnumerable<Measurement<double>> ObserveModelAges()
    {
        DateTimeOffset now = TimeProvider.GetUtcNow();
        foreach (ModelStatus status in ReadModelStatuses())
        {
            double age = Math.Max(0, (now - status.TrainedAt).TotalSeconds);
            yield return new Measurement<double>(age, new KeyValuePair<string, object?>(TelemetryTags.ModelKey, _modelKeys.Admit(status.ModelKey)));
        }
    }

    private IEnumerable<Measurement<long>> ObserveConsumerLag()
    {
        foreach (PartitionLag lag in _consumerLag)
        {
            yield return new Measurement<long>(lag.Lag, new TagList
            {
                { TelemetryTags.MessagingSystem, TelemetryTags.Kafka },
                { TelemetryTags.DestinationName, _topics.Admit(lag.Topic) },
                { TelemetryTags.PartitionId, PartitionText(lag.Partition) },
            });
        }
    }

    // A throwing registry must not break the whole scrape: report nothing for this collection instead.
    private IReadOnlyCollection<ModelStatus> ReadModelStatuses()
    {
        try
        {
            return _modelStatusSource();
        }
        catch (InvalidOperationException)
        {
            return [];
        }
    }
}
