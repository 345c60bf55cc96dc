namespace SensorWatch.Core.Synthetic;

/// <summary>
/// One simulated pump station: the physical-ish process behind 8 coupled sensors. A speed fraction s ∈ [0.42, 0.98]
/// follows operating points held for a while (plus a small daily demand swing and jitter); the sensors derive from it:
/// <code>
///   flow        = 50 s                          m³/h   (affinity law: flow ∝ speed)
///   pressure    = 1 + 4 s²                      bar    (head ∝ speed²)
///   power       = 0.5 + flow·pressure / 25.2    kW     (hydraulic power / 70 % efficiency)
///   current     = 1.7 power                     A      (400 V three-phase, cos φ 0.85)
///   speed       = 3000 s                        rpm
///   vibration   = 0.5 + 1.5 s + 0.4 s sin(2π row / 12 + φ)   mm/s (rotor oscillation, period 12 rows)
///   temperature = ambient + 2.2 · lag60(power)  °C     (first-order lag of 60 rows)
///   ambient     = 20 + o + 6 sin(daily phase) + AR(1)  °C
/// </code>
/// </summary>
internal sealed class PumpUnit
{
    public const int SensorCount = 8;
    public const int Temperature = 0;
    public const int Pressure = 1;
    public const int Flow = 2;
    public const int Vibration = 3;
    public const int Power = 4;
    public const int Current = 5;
    public const int Speed = 6;
    public const int Ambient = 7;

    /// <summary>Rotor oscillation period of the vibration sensor, in rows.</summary>
    public const double OscillationPeriod = 12.0;

    /// <summary>Operating-point range of s (targets are drawn inside it); broken relations stay inside [0.5, 0.9].</summary>
    public const double MinTarget = 0.45;
    public const double MaxTarget = 0.95;

    public static readonly string[] SensorNames = ["temperature", "pressure", "flow", "vibration", "power", "current", "speed", "ambient"];

    private readonly int _minHold;
    private readonly int _maxHold;
    private readonly double _ambientOffset;
    private readonly double _phase;
    private double _target;
    private int _holdLeft;
    private double _ambientNoise;
    private double _powerLag;

    public PumpUnit(Random random, int minHold, int maxHold)
    {
        _minHold = minHold;
        _maxHold = maxHold;
        _ambientOffset = random.NextDouble(-2, 2);
        _phase = random.NextDouble(0, 2 * Math.PI);
        SpeedFraction = random.NextDouble(MinTarget, MaxTarget);
        _target = SpeedFraction;
        _holdLeft = random.Next(minHold, maxHold + 1);
        _powerLag = PowerAt(SpeedFraction);
    }

    /// <summary>Current speed fraction s.</summary>
    public double SpeedFraction { get; private set; }

    /// <summary>Advances the process by one row. <paramref name="dailyPhase"/> ∈ [0, 1) is the time of day.</summary>
    public void Step(Random random, double dailyPhase)
    {
        if (--_holdLeft <= 0)
        {
            _target = random.NextDouble(MinTarget, MaxTarget);
            _holdLeft = random.Next(_minHold, _maxHold + 1);
        }

        double demand = 0.04 * Math.Sin(2 * Math.PI * dailyPhase);
        double target = Math.Clamp(_target + demand, MinTarget, MaxTarget);
        SpeedFraction = Math.Clamp(SpeedFraction + ((target - SpeedFraction) / 12.0) + (0.003 * random.NextGaussian()), 0.42, 0.98);
        _ambientNoise = (0.995 * _ambientNoise) + (0.05 * random.NextGaussian());
        AmbientValue = 20 + _ambientOffset + (6 * Math.Sin((2 * Math.PI * dailyPhase) - (Math.PI / 2))) + _ambientNoise;
        _powerLag += (PowerAt(SpeedFraction) - _powerLag) / 60.0;
    }

    /// <summary>Ambient temperature after the last <see cref="Step"/>.</summary>
    public double AmbientValue { get; private set; }

    /// <summary>The noise-free value of one sensor at speed fraction <paramref name="s"/> (the current state otherwise).</summary>
    public double Value(int sensor, double s, long row) => sensor switch
    {
        Temperature => AmbientValue + (2.2 * _powerLag),
        Pressure => PressureAt(s),
        Flow => 50 * s,
        Vibration => 0.5 + (1.5 * s) + Oscillation(s, row, OscillationPeriod, 0),
        Power => PowerAt(s),
        Current => 1.7 * PowerAt(s),
        Speed => 3000 * s,
        Ambient => AmbientValue,
        _ => throw new ArgumentOutOfRangeException(nameof(sensor), sensor, "sensor index is 0..7"),
    };

    /// <summary>The vibration's oscillating term 0.4 s sin(2π (row − origin) / period + φ).</summary>
    public double Oscillation(double s, long row, double period, double phaseShift) =>
        0.4 * s * Math.Sin((2 * Math.PI * row / period) + _phase + phaseShift);

    private static double PressureAt(double s) => 1 + (4 * s * s);

    private static double PowerAt(double s) => 0.5 + (50 * s * PressureAt(s) / 25.2);
}
