using System.Diagnostics;
using System.Globalization;

namespace SensorWatch.Telemetry;

/// <summary>The methods the worker and trainer call; one per event, named for what happened.</summary>
internal sealed partial class SensorWatchTelemetry
{
    /// <summary>Counts <paramref name="count"/> Kafka messages consumed from <paramref name="topic"/>.</summary>
    public void RecordMessagesConsumed(string topic, int count = 1)
    {
        _messagesConsumed.Add(count, new TagList
        {
            { TelemetryTags.MessagingSystem, TelemetryTags.Kafka },
            { TelemetryTags.DestinationName, _topics.Admit(topic) },
        });
    }

    /// <summary>Counts windows taken from the input, before validation (valid and dead-lettered alike).</summary>
    public void RecordWindowsConsumed(int count = 1) => _windowsConsumed.Add(count);

    /// <summary>Counts windows scored by the model of <paramref name="modelKey"/>.</summary>
    public void RecordWindowsScored(string modelKey, int count = 1) => _windowsScored.Add(count, ModelTag(modelKey));

    /// <summary>Counts valid windows that got no score (probation during cold start, or refused by the model).</summary>
    public void RecordWindowsUnscored(string modelKey, UnscoredReason reason, int count = 1)
    {
        _windowsUnscored.Add(count, new TagList
        {
            { TelemetryTags.ModelKey, _modelKeys.Admit(modelKey) },
            { TelemetryTags.UnscoredReason, reason == UnscoredReason.Probation ? "probation" : "refused" },
        });
    }

    /// <summary>Counts one message sent to the dead-letter topic with its reason code (e.g. <c>malformed_json</c>).</summary>
    public void RecordDeadLetter(string reason) => _deadLetters.Add(1, new KeyValuePair<string, object?>(TelemetryTags.ErrorType, _reasons.Admit(reason)));

    /// <summary>Records one scored batch: its wall time and size.</summary>
    public void RecordBatch(string modelKey, int windows, TimeSpan elapsed)
    {
        TagList tags = ModelTag(modelKey);
        _processingDuration.Record(elapsed.TotalSeconds, tags);
        _batchSize.Record(windows, tags);
    }

    /// <summary>Records one window's anomaly score; counts an anomaly when <paramref name="anomalous"/>.</summary>
    public void RecordWindowScore(string modelKey, double score, bool anomalous)
    {
        TagList tags = ModelTag(modelKey);
        if (double.IsFinite(score))
        {
            _windowScore.Record(score, tags);
        }

        if (anomalous)
        {
            _anomalies.Add(1, tags);
        }
    }

    /// <summary>Counts an alert that opened for a sensor scored by <paramref name="modelKey"/>.</summary>
    public void RecordAlertOpened(string modelKey) => _alerts.Add(1, AlertTags(modelKey, "opened"));

    /// <summary>Counts an alert that resolved for a sensor scored by <paramref name="modelKey"/>.</summary>
    public void RecordAlertResolved(string modelKey) => _alerts.Add(1, AlertTags(modelKey, "resolved"));

    /// <summary>Counts a failed offset commit; <paramref name="errorCode"/> is the Kafka error code name.</summary>
    public void RecordCommitFailure(string errorCode) => _commitFailures.Add(1, new KeyValuePair<string, object?>(TelemetryTags.ErrorType, _reasons.Admit(errorCode)));

    /// <summary>Counts a produced message whose delivery failed.</summary>
    public void RecordDeliveryFailure(string topic, string errorCode)
    {
        _deliveryFailures.Add(1, new TagList
        {
            { TelemetryTags.DestinationName, _topics.Admit(topic) },
            { TelemetryTags.ErrorType, _reasons.Admit(errorCode) },
        });
    }

    /// <summary>Counts a success report without an offset for a record produced to <paramref name="topic"/>.</summary>
    public void RecordDeliveryUnconfirmed(string topic) =>
        _deliveryUnconfirmed.Add(1, new KeyValuePair<string, object?>(TelemetryTags.DestinationName, _topics.Admit(topic)));

    /// <summary>Counts a model snapshot of <paramref name="modelKey"/> that could not be saved; <paramref name="errorType"/> names the cause.</summary>
    public void RecordModelSaveFailure(string modelKey, string errorType)
    {
        _modelSaveFailures.Add(1, new TagList
        {
            { TelemetryTags.ModelKey, _modelKeys.Admit(modelKey) },
            { TelemetryTags.ErrorType, _reasons.Admit(errorType) },
        });
    }

    /// <summary>Counts a rebalance event. On revoke or loss the lag of the partitions given up is dropped.</summary>
    public void RecordRebalance(RebalanceKind kind)
    {
        string value = kind switch
        {
            RebalanceKind.Assigned => "assigned",
            RebalanceKind.Revoked => "revoked",
            _ => "lost",
        };
        _rebalances.Add(1, new KeyValuePair<string, object?>(TelemetryTags.RebalanceKind, value));
        if (kind != RebalanceKind.Assigned)
        {
            _consumerLag = [];
        }
    }

    /// <summary>
    /// Records one retraining attempt: its outcome (with a reason code when rejected or rolled back),
    /// wall time, the accepted-sample size it trained on and its number (<paramref name="retrain"/>, the <c>-rN</c> of the
    /// candidate's version; 0 = unknown, not recorded).
    /// </summary>
    public void RecordRetrain(string modelKey, RetrainOutcome outcome, TimeSpan elapsed, int sampleWindows, string? reason = null, int retrain = 0)
    {
        string outcomeValue = outcome switch
        {
            RetrainOutcome.Promoted => "promoted",
            RetrainOutcome.Rejected => "rejected",
            _ => "rolled_back",
        };
        string model = _modelKeys.Admit(modelKey);
        _retrains.Add(1, new TagList
        {
            { TelemetryTags.ModelKey, model },
            { TelemetryTags.RetrainOutcome, outcomeValue },
            { TelemetryTags.ErrorType, outcome == RetrainOutcome.Promoted ? "none" : _reasons.Admit(reason) },
        });
        TagList tags = new() { { TelemetryTags.ModelKey, model }, { TelemetryTags.RetrainOutcome, outcomeValue } };
        _retrainDuration.Record(elapsed.TotalSeconds, tags);
        if (sampleWindows > 0)
        {
            _retrainSamples.Record(sampleWindows, ModelTag(modelKey));
        }

        RecordRetrainNumber(model, outcomeValue, retrain);
    }

    /// <summary>Sets the final training and validation loss of the last training of <paramref name="modelKey"/>.</summary>
    public void RecordTrainingLoss(string modelKey, double trainLoss, double validationLoss)
    {
        string model = _modelKeys.Admit(modelKey);
        if (double.IsFinite(trainLoss))
        {
            _trainingLoss.Record(trainLoss, new TagList { { TelemetryTags.ModelKey, model }, { TelemetryTags.LossSplit, "train" } });
        }

        if (double.IsFinite(validationLoss))
        {
            _trainingLoss.Record(validationLoss, new TagList { { TelemetryTags.ModelKey, model }, { TelemetryTags.LossSplit, "validation" } });
        }
    }

    /// <summary>
    /// Replaces the consumer-lag snapshot from a librdkafka statistics JSON (call it from the consumer's
    /// statistics handler). Returns false with the reason on malformed input; the previous snapshot stays.
    /// </summary>
    public bool UpdateConsumerLag(string statisticsJson, out string? error)
    {
        if (!ConsumerLagParser.TryParse(statisticsJson, out IReadOnlyList<PartitionLag> lags, out error))
        {
            return false;
        }

        _consumerLag = lags;
        return true;
    }

    /// <summary>The consumer-lag snapshot the gauge reports.</summary>
    public IReadOnlyList<PartitionLag> ConsumerLag => _consumerLag;

    /// <summary>Sets the callback the model-version, threshold and age gauges read at each collection.</summary>
    public void SetModelStatusSource(Func<IReadOnlyCollection<ModelStatus>> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _modelStatusSource = source;
    }

    private TagList ModelTag(string modelKey) => new() { { TelemetryTags.ModelKey, _modelKeys.Admit(modelKey) } };

    private TagList AlertTags(string modelKey, string transition) => new()
    {
        { TelemetryTags.ModelKey, _modelKeys.Admit(modelKey) },
        { TelemetryTags.AlertTransition, transition },
    };

    private static string PartitionText(int partition) => partition.ToString(CultureInfo.InvariantCulture);
}
