using SensorWatch.Core.Scoring;

namespace SensorWatch.Core.Retraining;

/// <summary>
/// A model scoring the live windows in the background (batched, its own <see cref="DetectorScorer"/>) beside the served
/// model, whose verdicts arrive on the windows: the candidate in the shadow phase, the previous model during the watch
/// after a promotion. Counts windows and both models' anomalous verdicts on the same windows. Refused windows are not counted.
/// </summary>
internal sealed class ShadowRun
{
    private readonly DetectorScorer _scorer;
    private readonly float[] _batch; // (B, T, D) raw windows waiting to be scored
    private readonly bool[] _servedAnomalous; // (B) the served model's verdicts on them
    private readonly WindowScore[] _results; // (B)
    private readonly int _cells;
    private int _pending;

    /// <summary>Scores with <paramref name="shadow"/> in batches of <paramref name="batchSize"/>.</summary>
    public ShadowRun(AnomalyDetector shadow, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(shadow);
        _scorer = shadow.CreateScorer(batchSize);
        _cells = shadow.WindowLength * shadow.FeatureCount;
        _batch = new float[batchSize * _cells];
        _servedAnomalous = new bool[batchSize];
        _results = new WindowScore[batchSize];
    }

    /// <summary>Live windows scored by both models so far.</summary>
    public int Windows { get; private set; }

    /// <summary>Windows the shadow model scored anomalous.</summary>
    public int ShadowAlerts { get; private set; }

    /// <summary>Windows the shadow model scored anomalous and the served model normal (its extra alarms).</summary>
    public int ShadowOnlyAlerts { get; private set; }

    /// <summary>Windows the served model scored anomalous.</summary>
    public int ServedAlerts { get; private set; }

    /// <summary>Queues one live window (T, D) with the served model's verdict; scores when the batch is full.</summary>
    public void Add(ReadOnlySpan<float> values, bool servedAnomalous)
    {
        values.CopyTo(_batch.AsSpan(_pending * _cells, _cells));
        _servedAnomalous[_pending] = servedAnomalous;
        _pending++;
        if (_pending == _servedAnomalous.Length)
        {
            Flush();
        }
    }

    /// <summary>Scores the queued windows.</summary>
    public void Flush()
    {
        if (_pending == 0)
        {
            return;
        }

        _scorer.Score(_batch.AsSpan(0, _pending * _cells), _pending, _results, default, default);
        for (int i = 0; i < _pending; i++)
        {
            if (_results[i].Status == WindowStatus.Refused)
            {
                continue;
            }

            Windows++;
            ShadowAlerts += _results[i].Anomalous ? 1 : 0;
            ShadowOnlyAlerts += _results[i].Anomalous && !_servedAnomalous[i] ? 1 : 0;
            ServedAlerts += _servedAnomalous[i] ? 1 : 0;
        }

        _pending = 0;
    }
}
