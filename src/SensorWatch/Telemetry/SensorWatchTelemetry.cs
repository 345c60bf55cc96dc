using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace SensorWatch.Telemetry;

/// <summary>
/// The one owner of SensorWatch's <see cref="Meter"/>, <see cref="ActivitySource"/> and every instrument.
/// The worker calls the small <c>Record…</c> methods; none takes a sensor id (tag cardinality stays bounded:
/// model keys, topics, partitions and reason codes only, each capped by a <see cref="CardinalityGuard"/>).
/// Thread-safe. Register once per process (DI singleton); tests may create their own with a unique meter name.
/// </summary>
internal sealed partial class SensorWatchTelemetry : IDisposable
{
    /// <summary>The default meter and activity-source name.</summary>
    public const string DefaultName = "SensorWatch";

    private const int ModelKeyLimit = 256;
    private const int ReasonLimit = 64;

    private static readonly double[] s_durationBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly double[] s_retrainBuckets = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];
    private static readonly double[] s_sizeBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096, 16384, 65536];
    private static readonly double[] s_scoreBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 1000];

    private readonly CardinalityGuard _modelKeys = new(ModelKeyLimit);
    private readonly CardinalityGuard _reasons = new(ReasonLimit);
    private readonly CardinalityGuard _topics = new(ReasonLimit);

    private readonly Counter<long> _messagesConsumed;
    private readonly Counter<long> _windowsConsumed;
    private readonly Counter<long> _windowsScored;
    private readonly Counter<long> _windowsUnscored;
    private readonly Counter<long> _deadLetters;
    private readonly Histogram<double> _processingDuration;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _windowScore;
    private readonly Counter<long> _anomalies;
    private readonly Counter<long> _alerts;
    private readonly Counter<long> _commitFailures;
    private readonly Counter<long> _deliveryFailures;
    private readonly Counter<long> _deliveryUnconfirmed;
    private readonly Counter<long> _modelSaveFailures;
    private readonly Counter<long> _rebalances;
    private readonly Histogram<double> _retrainDuration;
    private readonly Counter<long> _retrains;
    private readonly Histogram<int> _retrainSamples;
    private readonly Gauge<double> _trainingLoss;

    private volatile IReadOnlyList<PartitionLag> _consumerLag = [];
    private volatile Func<IReadOnlyCollection<ModelStatus>> _modelStatusSource = static () => [];

    public SensorWatchTelemetry(string name = DefaultName, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        TimeProvider = timeProvider ?? TimeProvider.System;
        string version = typeof(SensorWatchTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        Meter = new Meter(name, version);
        ActivitySource = new ActivitySource(name, version);

        _messagesConsumed = Meter.CreateCounter<long>(InstrumentNames.MessagesConsumed, "{message}", "Kafka messages consumed from an input topic.");
        _windowsConsumed = Meter.CreateCounter<long>(InstrumentNames.WindowsConsumed, "{window}", "Windows taken from the input (valid or not).");
        _windowsScored = Meter.CreateCounter<long>(InstrumentNames.WindowsScored, "{window}", "Windows scored by a model.");
        _windowsUnscored = Meter.CreateCounter<long>(InstrumentNames.WindowsUnscored, "{window}", "Valid windows without a score (probation or refused by the model).");
        _deadLetters = Meter.CreateCounter<long>(InstrumentNames.DeadLetters, "{message}", "Messages routed to the dead-letter topic, by reason code (error.type).");
        _processingDuration = Meter.CreateHistogram(InstrumentNames.ProcessingDuration, "s", "Time to decode, score and publish one batch of windows.", null, new InstrumentAdvice<double> { HistogramBucketBoundaries = s_durationBuckets });
        _batchSize = Meter.CreateHistogram(InstrumentNames.BatchSize, "{window}", "Windows scored together in one batch.", null, new InstrumentAdvice<int> { HistogramBucketBoundaries = [.. s_sizeBuckets.Select(b => (int)b)] });
        _windowScore = Meter.CreateHistogram(InstrumentNames.WindowScore, "1", "Anomaly score of each scored window (compare with sensorwatch.model.threshold).", null, new InstrumentAdvice<double> { HistogramBucketBoundaries = s_scoreBuckets });
        _anomalies = Meter.CreateCounter<long>(InstrumentNames.Anomalies, "{window}", "Windows scored above their threshold.");
        _alerts = Meter.CreateCounter<long>(InstrumentNames.Alerts, "{alert}", "Alert transitions (opened, resolved).");
        _commitFailures = Meter.CreateCounter<long>(InstrumentNames.CommitFailures, "{commit}", "Offset commits that failed.");
        _deliveryFailures = Meter.CreateCounter<long>(InstrumentNames.DeliveryFailures, "{message}", "Produced messages whose delivery failed.");
        _deliveryUnconfirmed = Meter.CreateCounter<long>(InstrumentNames.DeliveryUnconfirmed, "{message}", "Success reports without an offset (not known to be written); the record is produced again.");
        _modelSaveFailures = Meter.CreateCounter<long>(InstrumentNames.ModelSaveFailures, "{save}", "Model snapshots that could not be saved to the model store (disk full, permissions).");
        _rebalances = Meter.CreateCounter<long>(InstrumentNames.Rebalances, "{rebalance}", "Consumer-group rebalance events seen by this consumer.");
        _retrainDuration = Meter.CreateHistogram(InstrumentNames.RetrainDuration, "s", "Wall time of one retraining attempt.", null, new InstrumentAdvice<double> { HistogramBucketBoundaries = s_retrainBuckets });
        _retrains = Meter.CreateCounter<long>(InstrumentNames.Retrains, "{retrain}", "Retraining attempts by outcome (promoted, rejected with reason, rolled back).");
        _retrainSamples = Meter.CreateHistogram(InstrumentNames.RetrainSamples, "{window}", "Accepted-normal sample size a retraining used.", null, new InstrumentAdvice<int> { HistogramBucketBoundaries = [.. s_sizeBuckets.Select(b => (int)b)] });
        _trainingLoss = Meter.CreateGauge<double>(InstrumentNames.TrainingLoss, "1", "Final training and validation loss of the last retraining per model key.");

        Meter.CreateObservableGauge(InstrumentNames.ModelVersion, ObserveModelVersions, "{version}", "Version of the model serving each model key.");
        Meter.CreateObservableGauge(InstrumentNames.ModelThreshold, ObserveModelThresholds, "1", "Calibrated anomaly threshold of the serving model per key.");
        Meter.CreateObservableGauge(InstrumentNames.ModelAge, ObserveModelAges, "s", "Time since the serving model of each key was trained.");
        Meter.CreateObservableGauge(InstrumentNames.ConsumerLag, ObserveConsumerLag, "{message}", "Consumer lag per assigned partition, from librdkafka statistics.");
        ProcessMetrics.Register(Meter);
        CreateFeedbackInstruments();
        CreateTrainerInstruments();

        // Failure and input counters start at 0 so rate()/increase() and the alert rules see a series before the
        // first event (Prometheus practice: initialise counters you alert on).
        _windowsConsumed.Add(0);
        _deadLetters.Add(0);
        _commitFailures.Add(0);
        _deliveryFailures.Add(0);
        _deliveryUnconfirmed.Add(0);
        _modelSaveFailures.Add(0);
        _retrains.Add(0);
    }

    /// <summary>The meter every SensorWatch instrument belongs to.</summary>
    public Meter Meter { get; }

    /// <summary>The source of every SensorWatch span.</summary>
    public ActivitySource ActivitySource { get; }

    /// <summary>Clock used for model ages.</summary>
    public TimeProvider TimeProvider { get; }

    public void Dispose()
    {
        Meter.Dispose();
        ActivitySource.Dispose();
    }
}
