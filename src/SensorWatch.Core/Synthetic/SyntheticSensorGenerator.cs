namespace SensorWatch.Core.Synthetic;

/// <summary>
/// Coupled multivariate sensor data with labelled anomalies, for tests, the simulator and the demo. Seeded: the same
/// options and the same <see cref="Random"/> seed give the same rows, labels and events. Two generators built from
/// equal seeds, one with injection and one without (<see cref="SyntheticSensorOptions.MeanGapRows"/> = 0), produce
/// identical rows outside the labelled events: the process and the injection draw from separate streams.
/// </summary>
/// <remarks>
/// Features come from <see cref="PumpUnit"/>s of 8 sensors each (temperature, pressure, flow, vibration, power,
/// current, speed, ambient); unit k &gt; 1 names them with suffix k. Readings = process value + Gaussian noise of
/// 0.05 × <see cref="FeatureScales"/> × NoiseLevel. Anomalies alter readings only (a sensor fault or a decoupled
/// sensor), never the process, so every other feature is untouched. Sizes in <see cref="FeatureScales"/> units
/// (× Magnitude): spike ±4-6 for 1-3 rows; level shift ±2-3; drift ramping to ±2.5-4; stuck = the last normal
/// reading repeated (fast-moving sensors only); noise burst std 0.6-1.0; frequency change: vibration period 12 → 6 or
/// 24 rows; broken relation: pressure vs flow, current vs power or flow vs speed, the first one following a speed
/// offset by ±0.3 (kept in [0.5, 0.9], inside the normal operating range). Not thread-safe.
/// </remarks>
public sealed class SyntheticSensorGenerator
{
    private static readonly Lazy<double[]> s_scales = new(CalibrateScales);

    private readonly Random _process;   // drives the pump units and the measurement noise
    private readonly Random _injection; // drives anomaly timing, kinds and sizes
    private readonly PumpUnit[] _units;
    private readonly double[] _noise;     // (D) this row's noise draw
    private readonly double[] _previous;  // (D) last row's readings
    private readonly double[] _scales;    // (D) typical deviation per feature
    private readonly List<AnomalyKind> _bag = [];
    private readonly AnomalyKind[] _kinds;
    private ActiveAnomaly? _active;
    private long _gapLeft;

    /// <summary>Creates a generator; throws <see cref="ArgumentException"/> listing every bad option.</summary>
    public SyntheticSensorGenerator(SyntheticSensorOptions options, Random random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        List<string> errors = [.. options.Validate()];
        _kinds = errors.Count == 0 ? [.. options.AnomalyKinds.Distinct().Where(kind => SupportedKinds(options.Features).Contains(kind))] : [];
        if (errors.Count == 0 && options.MeanGapRows > 0 && _kinds.Length == 0)
        {
            errors.Add($"None of the requested anomaly kinds is possible with {options.Features} feature(s); supported: {string.Join(", ", SupportedKinds(options.Features))}.");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid synthetic sensor options: " + string.Join(" ", errors), nameof(options));
        }

        Options = options;
        _process = new Random(random.Next());
        _injection = new Random(random.Next());
        int units = (options.Features + PumpUnit.SensorCount - 1) / PumpUnit.SensorCount;
        _units = [.. Enumerable.Range(0, units).Select(_ => new PumpUnit(_process, options.MinHoldRows, options.MaxHoldRows))];
        FeatureNames = [.. Enumerable.Range(0, options.Features).Select(FeatureName)];
        _noise = new double[options.Features];
        _previous = new double[options.Features];
        _scales = [.. Enumerable.Range(0, options.Features).Select(f => s_scales.Value[f % PumpUnit.SensorCount])];
        _gapLeft = NextGap(first: true);
    }

    public SyntheticSensorOptions Options { get; }

    /// <summary>D feature names, in column order.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>D, the number of features.</summary>
    public int Features => FeatureNames.Count;

    /// <summary>Index of the next row to be generated.</summary>
    public long NextRow { get; private set; }

    /// <summary>(D) each feature's typical deviation over the operating range: the unit of anomaly sizes and noise.</summary>
    public IReadOnlyList<double> FeatureScales => _scales;

    /// <summary>The kinds that can be injected with <paramref name="features"/> features (e.g. a broken relation needs a coupled pair).</summary>
    public static IReadOnlyList<AnomalyKind> SupportedKinds(int features)
    {
        List<AnomalyKind> kinds = [AnomalyKind.Spike, AnomalyKind.LevelShift, AnomalyKind.Drift, AnomalyKind.NoiseBurst];
        if (features > PumpUnit.Pressure)
        {
            kinds.Add(AnomalyKind.Stuck);
        }

        if (features > PumpUnit.Vibration)
        {
            kinds.Add(AnomalyKind.FrequencyChange);
        }

        if (features > PumpUnit.Flow)
        {
            kinds.Add(AnomalyKind.BrokenRelation);
        }

        return kinds;
    }

    /// <summary>Generates the next <paramref name="rows"/> rows of the stream as one batch.</summary>
    public SyntheticSeries Generate(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        long first = NextRow;
        DateTimeOffset[] timestamps = new DateTimeOffset[rows];
        float[] values = new float[rows * Features];   // (N, D)
        AnomalyKind[] labels = new AnomalyKind[rows];
        List<AnomalyEvent> events = [];
        for (int i = 0; i < rows; i++)
        {
            SyntheticRow row = Next(values.AsSpan(i * Features, Features));
            timestamps[i] = row.Timestamp;
            labels[i] = row.Label;
            if (row.StartedEvent is not null)
            {
                events.Add(row.StartedEvent);
            }
        }

        return new SyntheticSeries(FeatureNames, first, timestamps, values, labels, events);
    }

    /// <summary>Writes the next row's D readings into <paramref name="values"/> and describes the row.</summary>
    public SyntheticRow Next(Span<float> values)
    {
        if (values.Length != Features)
        {
            throw new ArgumentException($"values must hold D = {Features} readings, has {values.Length}.", nameof(values));
        }

        long row = NextRow++;
        DateTimeOffset timestamp = Options.Start + TimeSpan.FromTicks(Options.Interval.Ticks * row);
        // Time of day from the absolute timestamp (UTC midnight = phase 0 for a 1-day period): ambient peaks at phase 0.5.
        double dailyPhase = (double)(timestamp.UtcTicks % Options.DailyPeriod.Ticks) / Options.DailyPeriod.Ticks;
        foreach (PumpUnit unit in _units)
        {
            unit.Step(_process, dailyPhase);
        }

        Span<double> readings = stackalloc double[Features];
        for (int f = 0; f < Features; f++)
        {
            PumpUnit unit = _units[f / PumpUnit.SensorCount];
            _noise[f] = 0.05 * Options.NoiseLevel * _scales[f] * _process.NextGaussian();
            readings[f] = unit.Value(f % PumpUnit.SensorCount, unit.SpeedFraction, row) + _noise[f];
        }

        AnomalyEvent? started = AdvanceSchedule(row, timestamp);
        if (_active is not null)
        {
            Inject(_active, row, readings);
        }

        for (int f = 0; f < Features; f++)
        {
            values[f] = (float)readings[f];
            _previous[f] = readings[f];
        }

        return new SyntheticRow(row, timestamp, _active?.GroundTruth.Kind ?? AnomalyKind.None, started);
    }

    private AnomalyEvent? AdvanceSchedule(long row, DateTimeOffset timestamp)
    {
        if (_active is not null && row >= _active.GroundTruth.EndRow)
        {
            _active = null;
            _gapLeft = NextGap(first: false);
        }

        if (_active is not null || Options.MeanGapRows == 0)
        {
            return null;
        }

        if (_gapLeft-- > 0)
        {
            return null;
        }

        _active = StartEvent(row, timestamp);
        return _active.GroundTruth;
    }

    private long NextGap(bool first)
    {
        if (Options.MeanGapRows == 0)
        {
            return long.MaxValue;
        }

        // Exponential extra gap with mean (MeanGapRows − MinGapRows): anomaly starts form a Poisson process.
        double extra = -Math.Log(1.0 - _injection.NextDouble()) * (Options.MeanGapRows - Options.MinGapRows);
        long gap = Options.MinGapRows + (long)Math.Min(extra, long.MaxValue / 4.0);
        return first ? Math.Max(gap, Options.InitialNormalRows + (long)extra) : gap - 1;
    }

    private ActiveAnomaly StartEvent(long row, DateTimeOffset timestamp)
    {
        if (_bag.Count == 0)
        {
            _bag.AddRange(_kinds);
            for (int i = _bag.Count - 1; i > 0; i--)
            {
                int j = _injection.Next(i + 1);
                (_bag[i], _bag[j]) = (_bag[j], _bag[i]);
            }
        }

        AnomalyKind kind = _bag[^1];
        _bag.RemoveAt(_bag.Count - 1);
        int length = kind == AnomalyKind.Spike
            ? _injection.Next(1, 4)
            : _injection.Next(Options.MinDurationRows, Options.MaxDurationRows + 1);
        (int feature, int partner) = PickFeatures(kind);
        double magnitude = Options.Magnitude;
        double scale = _scales[feature];
        double amount = kind switch
        {
            AnomalyKind.Spike => _injection.NextSign() * _injection.NextDouble(4, 6) * magnitude * scale,
            AnomalyKind.LevelShift => _injection.NextSign() * _injection.NextDouble(2, 3) * magnitude * scale,
            AnomalyKind.Drift => _injection.NextSign() * _injection.NextDouble(2.5, 4) * magnitude * scale,
            AnomalyKind.Stuck => _previous[feature],
            AnomalyKind.NoiseBurst => _injection.NextDouble(0.6, 1.0) * magnitude * scale,
            AnomalyKind.FrequencyChange => PumpUnit.OscillationPeriod * (_injection.Next(2) == 0 ? 0.5 : 2.0),
            AnomalyKind.BrokenRelation => _units[feature / PumpUnit.SensorCount].SpeedFraction < 0.7 ? 0.3 : -0.3,
            _ => throw new InvalidOperationException($"Unexpected anomaly kind {kind}."),
        };
        int[] features = partner >= 0 ? [feature, partner] : [feature];
        AnomalyEvent groundTruth = new(kind, features, [.. features.Select(f => FeatureNames[f])], row, row + length,
            timestamp, timestamp + TimeSpan.FromTicks(Options.Interval.Ticks * length));
        return new ActiveAnomaly(groundTruth, feature, partner, amount);
    }

    private (int Feature, int Partner) PickFeatures(AnomalyKind kind)
    {
        int[] candidates = kind switch
        {
            AnomalyKind.Stuck => [.. Enumerable.Range(0, Features).Where(f => f % PumpUnit.SensorCount is not PumpUnit.Temperature and not PumpUnit.Ambient)],
            AnomalyKind.FrequencyChange => [.. Enumerable.Range(0, Features).Where(f => f % PumpUnit.SensorCount == PumpUnit.Vibration)],
            AnomalyKind.BrokenRelation => [.. Enumerable.Range(0, Features).Where(f => RelationPartner(f) >= 0)],
            _ => [.. Enumerable.Range(0, Features)],
        };
        int feature = candidates[_injection.Next(candidates.Length)];
        return (feature, kind == AnomalyKind.BrokenRelation ? RelationPartner(feature) : -1);
    }

    /// <summary>The partner whose relation with <paramref name="feature"/> a broken-relation event breaks, or -1.</summary>
    private int RelationPartner(int feature)
    {
        int unitBase = feature - (feature % PumpUnit.SensorCount);
        int partner = (feature % PumpUnit.SensorCount) switch
        {
            PumpUnit.Pressure => PumpUnit.Flow,
            PumpUnit.Current => PumpUnit.Power,
            PumpUnit.Flow => PumpUnit.Speed,
            _ => -1,
        };
        return partner >= 0 && unitBase + partner < Features ? unitBase + partner : -1;
    }

    private void Inject(ActiveAnomaly anomaly, long row, Span<double> readings)
    {
        int f = anomaly.Feature;
        long offset = row - anomaly.GroundTruth.StartRow;   // 0 .. Length-1
        PumpUnit unit = _units[f / PumpUnit.SensorCount];
        switch (anomaly.GroundTruth.Kind)
        {
            case AnomalyKind.Spike:
            case AnomalyKind.LevelShift:
                readings[f] += anomaly.Amount;
                break;
            case AnomalyKind.Drift:
                readings[f] += anomaly.Amount * (offset + 1) / anomaly.GroundTruth.Length;
                break;
            case AnomalyKind.Stuck:
                readings[f] = anomaly.Amount;
                break;
            case AnomalyKind.NoiseBurst:
                readings[f] += anomaly.Amount * _injection.NextGaussian();
                break;
            case AnomalyKind.FrequencyChange:
                // Phase-continuous at the start: θ(row) = 2π row / P' + φ + shift with θ(start) equal to the normal phase.
                long start = anomaly.GroundTruth.StartRow;
                double shift = (2 * Math.PI * start / PumpUnit.OscillationPeriod) - (2 * Math.PI * start / anomaly.Amount);
                double s = unit.SpeedFraction;
                readings[f] += unit.Oscillation(s, row, anomaly.Amount, shift) - unit.Oscillation(s, row, PumpUnit.OscillationPeriod, 0);
                break;
            case AnomalyKind.BrokenRelation:
                double decoupled = Math.Clamp(unit.SpeedFraction + anomaly.Amount, 0.5, 0.9);
                readings[f] = unit.Value(f % PumpUnit.SensorCount, decoupled, row) + _noise[f];
                break;
            default:
                throw new InvalidOperationException($"Unexpected anomaly kind {anomaly.GroundTruth.Kind}.");
        }
    }

    private static string FeatureName(int feature)
    {
        int unit = feature / PumpUnit.SensorCount;
        string name = PumpUnit.SensorNames[feature % PumpUnit.SensorCount];
        return unit == 0 ? name : $"{name}{unit + 1}";
    }

    /// <summary>Each sensor's standard deviation over a long normal run (fixed seed, default holds): the size unit.</summary>
    private static double[] CalibrateScales()
    {
        const int Rows = 20_000;
        Random random = new(20_261_124);
        PumpUnit unit = new(random, 60, 240);
        double[] sum = new double[PumpUnit.SensorCount];
        double[] sumSquares = new double[PumpUnit.SensorCount];
        for (int row = 0; row < Rows; row++)
        {
            unit.Step(random, (double)row / Rows);
            for (int f = 0; f < PumpUnit.SensorCount; f++)
            {
                double value = unit.Value(f, unit.SpeedFraction, row);
                sum[f] += value;
                sumSquares[f] += value * value;
            }
        }

        return [.. Enumerable.Range(0, PumpUnit.SensorCount).Select(f =>
        {
            double mean = sum[f] / Rows;
            return Math.Sqrt(Math.Max((sumSquares[f] / Rows) - (mean * mean), 1e-12));
        })];
    }
}
