using SensorWatch.Core.Alerting;
using SensorWatch.Core.Retraining;
using SensorWatch.Core.Scoring;
using SensorWatch.Core.Tests.Scoring;

namespace SensorWatch.Core.Tests.Retraining;

/// <summary>
/// Plays the host around a <see cref="RetrainingCoordinator"/>: scores each window with the served model, runs the
/// alert hysteresis (open after 3 anomalous windows) and reports opened/updated alerts, observes, polls (waiting for a running training so runs are deterministic) and
/// applies Promote / RollBack actions to what it serves.
/// </summary>
internal sealed class CoordinatorHarness : IDisposable
{
    private const int Cells = TinyDetector.T * TinyDetector.D;
    private readonly WindowScore[] _result = new WindowScore[1];
    private readonly AlertStateMachine _alerts = new("s1", "pump", new AlertPolicy(OpenAfter: 3, ResolveAfter: 5));
    private DetectorScorer _scorer;
    private long _nextRow;

    public CoordinatorHarness(RetrainingOptions options, AnomalyDetector served, int seed = 5)
    {
        Time = new ManualTime(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Coordinator = new RetrainingCoordinator("pump", options, new Random(seed), Time);
        Served = served;
        ServedVersion = "v1";
        _scorer = served.CreateScorer(1);
        Coordinator.SetCurrent(served, ServedVersion);
    }

    public ManualTime Time { get; }

    /// <summary>Alerts opened or updated.</summary>
    public int Alerts { get; private set; }

    public RetrainingCoordinator Coordinator { get; }

    public AnomalyDetector Served { get; private set; }

    public string ServedVersion { get; private set; }

    public List<RetrainAction> Actions { get; } = [];

    public List<RetrainEvent> Events { get; } = [];

    /// <summary>Windows the served model flagged, by stream index.</summary>
    public List<long> Flagged { get; } = [];

    /// <summary>Feeds windows (count, T, D), one every <see cref="DriftStream.Stride"/> seconds; check <see cref="Actions"/>.</summary>
    public void Feed(float[] windows, int count, bool waitForTraining = true)
    {
        for (int i = 0; i < count; i++)
        {
            float[] values = windows.AsSpan(i * Cells, Cells).ToArray();
            _scorer.Score(values, 1, _result, default, default);
            long startMs = _nextRow * 1000, endMs = (_nextRow + TinyDetector.T - 1) * 1000;
            long index = _nextRow / DriftStream.Stride;
            _nextRow += DriftStream.Stride;
            if (_result[0].Anomalous)
            {
                Flagged.Add(index);
            }

            AlertTransition transition = _alerts.Observe(new WindowVerdict(startMs, endMs, _result[0].Anomalous, _result[0].Score, _result[0].Threshold, (int)_result[0].Severity));
            if (transition.Kind is AlertTransitionKind.Open or AlertTransitionKind.Update)
            {
                Alerts++;
                Coordinator.ObserveAlert("s1", endMs);
            }

            Coordinator.Observe(new SampleWindow("s1", startMs, endMs, values, _result[0].Score, _result[0].Anomalous, "sensor.windows", 0, index), ServedVersion);
            Poll(waitForTraining);
        }
    }

    /// <summary>Operator verdicts "false positive" on windows (count, T, D) at the current stream position (one every Stride seconds).</summary>
    public void AdmitFalsePositives(float[] windows, int count)
    {
        for (int i = 0; i < count; i++)
        {
            long startMs = _nextRow * 1000;
            _nextRow += DriftStream.Stride;
            Coordinator.AdmitFalsePositive(new SampleWindow("s1", startMs, startMs + ((TinyDetector.T - 1) * 1000), windows.AsSpan(i * Cells, Cells).ToArray(), 1, true));
        }
    }

    public void Poll(bool waitForTraining = true)
    {
        RetrainAction action = Coordinator.Poll(CancellationToken.None);
        if (waitForTraining && Coordinator.Phase == RetrainPhase.Training)
        {
            Assert.True(Coordinator.WaitForTraining(TimeSpan.FromSeconds(60)), "training did not finish within 60 s");
            action = Coordinator.Poll(CancellationToken.None);
        }

        Apply(action);
    }

    public void Dispose() => Coordinator.Dispose();

    private void Apply(RetrainAction action)
    {
        Events.AddRange(Coordinator.DrainEvents());
        if (action.Kind == RetrainActionKind.None)
        {
            return;
        }

        Actions.Add(action);
        if (action.Kind is RetrainActionKind.Promote or RetrainActionKind.RollBack)
        {
            Served = action.Detector!;
            ServedVersion = action.Version!;
            _scorer = Served.CreateScorer(1);
        }
    }
}
