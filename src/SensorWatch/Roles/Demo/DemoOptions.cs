namespace SensorWatch.Roles.Demo;

/// <summary>Settings of <c>sensorwatch demo</c>.</summary>
internal sealed record DemoOptions
{
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(90);

    public int Sensors { get; init; } = 20;

    /// <summary>Windows per second the simulator produces (over all sensors).</summary>
    public double Rate { get; init; } = 60;

    /// <summary>Windows collected before the first model is trained.</summary>
    public int ProbationWindows { get; init; } = 900;

    /// <summary>Mean wall-clock time between injected anomalies (over the fleet) once the warm-up is over.</summary>
    public TimeSpan AnomalyEvery { get; init; } = TimeSpan.FromSeconds(3);

    public string? SummaryJson { get; init; }

    /// <summary>Port of /metrics, /alive, /health on localhost (0 = any free port).</summary>
    public int MetricsPort { get; init; } = 9464;

    /// <summary>Live Spectre.Console view (false: plain progress lines).</summary>
    public bool Live { get; init; }

    public int Seed { get; init; } = 42;

    public IReadOnlyList<string> Validate()
    {
        List<string> errors = [];
        if (Duration < TimeSpan.FromSeconds(10) || Duration > TimeSpan.FromHours(24))
        {
            errors.Add($"--duration must be 10 s to 24 h (got {Duration}).");
        }

        if (Sensors is < 1 or > 10000)
        {
            errors.Add($"--sensors must be 1 to 10000 (got {Sensors}).");
        }

        if (!(Rate > 0 && Rate <= 100000))
        {
            errors.Add($"--rate must be above 0 and at most 100000 windows/s (got {Rate}).");
        }

        if (ProbationWindows is < 64 or > 1_000_000)
        {
            errors.Add($"--probation must be 64 to 1,000,000 (got {ProbationWindows}).");
        }

        if (MetricsPort is < 0 or > 65535)
        {
            errors.Add($"--metrics-port must be 0 to 65535 (got {MetricsPort}).");
        }

        return errors;
    }
}
