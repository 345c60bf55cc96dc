using SensorWatch.Core.Scoring;

namespace SensorWatch.Core.Retraining;

/// <summary>
/// The retraining loop of ONE model key, without Kafka: it owns the key's <see cref="AcceptedSample"/>, decides when a
/// retrain is due (time and/or count), trains a candidate in the background (warm start from the served model),
/// runs the <see cref="PromotionGate"/> (offline holdout check, shadow scoring, watch after promotion) and tells the
/// host what to do through <see cref="Poll"/>: serve and publish a promoted model, roll back, or log a rejection.
/// <para>Cycle: Idle → (due and ≥ MinTrainingWindows) Training → (offline checks pass) Shadow → (shadow passes)
/// Promote → Watching → Keep (Idle) or RollBack (Idle). A rejection at any step returns to Idle with the served model
/// unchanged. Owned by one thread (not thread-safe); only the training runs on its own background thread, so no call
/// blocks. Every finished step is also recorded as a <see cref="RetrainEvent"/> (<see cref="DrainEvents"/>).</para>
/// </summary>
internal sealed partial class RetrainingCoordinator : IDisposable
{
    private readonly RetrainingOptions _options;
    private readonly Random _random;
    private readonly TimeProvider _time;
    private readonly PromotionGate _gate;
    private readonly string _configHash;
    private readonly List<RetrainEvent> _events = [];
    private readonly Dictionary<RetrainOutcome, int> _outcomes = [];
    private AnomalyDetector? _current;
    private string? _currentVersion;
    private AnomalyDetector? _previous;
    private string? _previousVersion;
    private DateTimeOffset _lastStart;
    private long _admittedAtLastStart;
    private int _cycle;
    private CandidateTraining? _training;
    private string _trigger = "";
    private int _sampleSize;
    private AnomalyDetector? _candidate;
    private string _candidateVersion = "";
    private CandidateResult? _candidateResult;
    private GateDecision? _offlineDecision;
    private ShadowRun? _shadow;
    private ShadowRun? _watch; // the previous model scores the live windows beside the promoted one

    /// <summary>A coordinator for <paramref name="modelKey"/>; <paramref name="random"/> seeds the reservoir and every training.</summary>
    public RetrainingCoordinator(string modelKey, RetrainingOptions options, Random random, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelKey);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(time);
        IReadOnlyList<string> errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Invalid retraining options: {string.Join(" ", errors)}", nameof(options));
        }

        ModelKey = modelKey;
        _options = options;
        _random = random;
        _time = time;
        _gate = new PromotionGate(options.Gate);
        _configHash = CandidateOptions.ConfigHash(options);
        Sample = new AcceptedSample(modelKey, options.Sample, random);
        _lastStart = time.GetUtcNow();
    }

    /// <summary>The model key.</summary>
    public string ModelKey { get; }

    /// <summary>The current phase.</summary>
    public RetrainPhase Phase { get; private set; } = RetrainPhase.Idle;

    /// <summary>The accepted-normal sample of this key (read it for metrics; feed it through this coordinator).</summary>
    public AcceptedSample Sample { get; }

    /// <summary>The served model's version as this coordinator knows it (null before <see cref="SetCurrent"/>).</summary>
    public string? CurrentVersion => _currentVersion;

    /// <summary>The served model (null before <see cref="SetCurrent"/>).</summary>
    public AnomalyDetector? Current => _current;

    /// <summary>
    /// Asked once, when a candidate has passed the shadow run: null to promote it, or why the key is pinned by an operator
    /// (e.g. "pinned to v3 in the model store"); a pinned key's candidate is then Rejected (<see cref="GateReason.Pinned"/>)
    /// and the served model stays, so the coordinator never believes in a model nobody serves.
    /// </summary>
    public Func<string?>? PinCheck { get; set; }

    /// <summary>Trainings started so far.</summary>
    public int Retrains { get; private set; }

    /// <summary>Windows ignored because their shape differs from the served model's.</summary>
    public long IgnoredWindows { get; private set; }

    /// <summary>Events recorded so far with <paramref name="outcome"/>.</summary>
    public int Count(RetrainOutcome outcome) => _outcomes.GetValueOrDefault(outcome);

    /// <summary>
    /// The served model changed (models topic, store, operator): remember it and keep the old one for rollback. The same
    /// version again is ignored (the host echoing a promotion). A different model while a cycle runs abandons the cycle.
    /// </summary>
    public void SetCurrent(AnomalyDetector detector, string version)
    {
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentException.ThrowIfNullOrEmpty(version);
        if (version == _currentVersion)
        {
            return;
        }

        if (_current is not null && (_current.WindowLength != detector.WindowLength || _current.FeatureCount != detector.FeatureCount))
        {
            throw new ArgumentException(
                $"Model '{ModelKey}' version '{version}' has (T={detector.WindowLength}, D={detector.FeatureCount}); the served one has (T={_current.WindowLength}, D={_current.FeatureCount}). Use a new coordinator for a new shape.",
                nameof(detector));
        }

        if (Phase != RetrainPhase.Idle)
        {
            Abandon($"model version '{version}' was set while {Phase.ToString().ToLowerInvariant()}");
        }

        bool first = _current is null;
        _previous = _current;
        _previousVersion = _currentVersion;
        _current = detector;
        _currentVersion = version;
        if (first)
        {
            _lastStart = _time.GetUtcNow();
            _admittedAtLastStart = AdmittedTotal();
        }
    }

    /// <summary>
    /// Every live scored window of this key, in order (values (T, D) raw units, the served model's verdict and score):
    /// feeds the sample, and the shadow and watch counters. <paramref name="servedVersion"/> names the model that
    /// scored it (null = the current one). Windows of another shape than the served model are ignored.
    /// </summary>
    public void Observe(SampleWindow window, string? servedVersion)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (_current is not null && window.Values.Length != _current.WindowLength * _current.FeatureCount)
        {
            IgnoredWindows++;
            return;
        }

        Sample.Offer(window);
        bool servedByCurrent = servedVersion is null || servedVersion == _currentVersion;
        if (!servedByCurrent || !double.IsFinite(window.Score))
        {
            return;
        }

        if (Phase == RetrainPhase.Shadow)
        {
            _shadow!.Add(window.Values, window.Anomalous);
        }
        else if (Phase == RetrainPhase.Watching)
        {
            _watch!.Add(window.Values, window.Anomalous);
        }
    }

    /// <summary>An alert of <paramref name="sensorId"/> opened or updated at event time <paramref name="alertMs"/> (keeps nearby windows out of the sample).</summary>
    public void ObserveAlert(string sensorId, long alertMs) => Sample.ReportAlert(sensorId, alertMs);

    /// <summary>An operator marked this window a false positive: it enters the sample directly.</summary>
    public void AdmitFalsePositive(SampleWindow window) => Sample.AdmitFalsePositive(window);

    /// <summary>Maintenance start/end of a sensor: its windows stay out of the sample meanwhile.</summary>
    public void SetMaintenance(string sensorId, bool on) => Sample.SetMaintenance(sensorId, on);

    /// <summary>A sensor-health fault opened/closed: its windows stay out of the sample meanwhile.</summary>
    public void SetHealthFault(string sensorId, bool open) => Sample.SetHealthFault(sensorId, open);

    /// <summary>
    /// Advances the state machine and returns at most one action for the host. Never blocks on training. A cancelled
    /// <paramref name="cancellationToken"/> (host stopping) abandons a running training; nothing partial is returned.
    /// </summary>
    public RetrainAction Poll(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            if (Phase == RetrainPhase.Training)
            {
                Abandon("the host is stopping");
            }

            return RetrainAction.None;
        }

        return Phase switch
        {
            RetrainPhase.Idle => PollIdle(),
            RetrainPhase.Training => PollTraining(),
            RetrainPhase.Shadow => PollShadow(),
            _ => PollWatch(),
        };
    }

    /// <summary>Blocks until a running training finishes or <paramref name="timeout"/> passes (replays and tests); true when none is running any more.</summary>
    public bool WaitForTraining(TimeSpan timeout) => _training is null || _training.Wait(timeout);

    /// <summary>Returns the events recorded since the last call (log them, count them in metrics).</summary>
    public IReadOnlyList<RetrainEvent> DrainEvents()
    {
        RetrainEvent[] events = [.. _events];
        _events.Clear();
        return events;
    }

    /// <summary>Cancels a running training and waits for its thread.</summary>
    public void Dispose()
    {
        _training?.Dispose();
        _training = null;
    }

    private void Record(RetrainOutcome outcome, GateReason reason, string text, string version)
    {
        CandidateResult? result = _candidateResult;
        IReadOnlyList<double>? losses = result?.Detector?.Metadata.TrainLosses;
        _events.Add(new RetrainEvent(ModelKey, outcome, reason, text, version, result?.Duration ?? TimeSpan.Zero, _sampleSize,
            losses is { Count: > 0 } ? losses[^1] : double.NaN, result?.Report?.CandidateHoldoutLoss ?? double.NaN, _time.GetUtcNow(), _cycle));
        _outcomes[outcome] = _outcomes.GetValueOrDefault(outcome) + 1;
    }

    private long AdmittedTotal() => Enum.GetValues<SampleSource>().Sum(Sample.Composition.Admitted);

    private float[] Flatten(IReadOnlyList<SampleWindow> windows)
    {
        int cells = _current!.WindowLength * _current.FeatureCount;
        float[] flat = new float[windows.Count * cells]; // (N, T, D)
        for (int i = 0; i < windows.Count; i++)
        {
            windows[i].Values.AsSpan().CopyTo(flat.AsSpan(i * cells, cells));
        }

        return flat;
    }
}
