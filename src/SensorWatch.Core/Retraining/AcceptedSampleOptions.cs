namespace SensorWatch.Core.Retraining;

/// <summary>Sizes and guard settings of an <see cref="AcceptedSample"/>.</summary>
internal sealed record AcceptedSampleOptions
{
    /// <summary>Windows kept by uniform reservoir sampling over everything admitted.</summary>
    public int ReservoirSize { get; init; } = 2048;

    /// <summary>How the reservoir forgets: a uniform sample of all history, or exponentially biased to recent windows.</summary>
    public ReservoirPolicy Policy { get; init; } = ReservoirPolicy.Uniform;

    /// <summary>Most recent admitted windows kept besides the reservoir (also the promotion holdout).</summary>
    public int RecentSize { get; init; } = 256;

    /// <summary>Windows ending within this many ms before an alert, or starting within it after one, are kept out.</summary>
    public long AlertMarginMs { get; init; } = 10 * 60 * 1000;

    /// <summary>
    /// When true, a window scored anomalous that opens no alert (no alert of its sensor within the margin around it,
    /// judged after the quarantine) is admitted like a normal one, bypassing the top-score guard. This removes the
    /// selection bias that otherwise keeps gradual drift out of the sample (the drift first shows as isolated
    /// anomalous windows, and a sample of only the served model's normal verdicts lags behind it); abrupt anomalies
    /// open alerts and stay out. Default false: only windows scored normal are admitted.
    /// </summary>
    public bool AdmitUnalerted { get; init; }

    /// <summary>Fraction (0..1) of the highest recent normal scores kept out.</summary>
    public double TopScoreFraction { get; init; } = 0.02;

    /// <summary>Recent normal scores the top-score quantile is taken over.</summary>
    public int ScoreHistorySize { get; init; } = 1024;

    /// <summary>The top-score guard applies once this many scores were seen.</summary>
    public int MinScoreHistory { get; init; } = 50;

    /// <summary>Windows held per sensor while waiting to see whether an alert follows.</summary>
    public int QuarantineCapacity { get; init; } = 512;

    /// <summary>Every problem with the options (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        List<string> errors = [];
        if (ReservoirSize < 1)
        {
            errors.Add($"ReservoirSize must be at least 1, got {ReservoirSize}.");
        }

        if (!Enum.IsDefined(Policy))
        {
            errors.Add($"Policy must be Uniform or Exponential, got {Policy}.");
        }

        if (RecentSize < 1)
        {
            errors.Add($"RecentSize must be at least 1, got {RecentSize}.");
        }

        if (AlertMarginMs < 0)
        {
            errors.Add($"AlertMarginMs must be 0 or more, got {AlertMarginMs}.");
        }

        if (!(TopScoreFraction >= 0 && TopScoreFraction < 1))
        {
            errors.Add($"TopScoreFraction must be in [0, 1), got {TopScoreFraction}.");
        }

        if (ScoreHistorySize < 1 || MinScoreHistory < 1 || MinScoreHistory > ScoreHistorySize)
        {
            errors.Add($"Need 1 <= MinScoreHistory <= ScoreHistorySize, got {MinScoreHistory} and {ScoreHistorySize}.");
        }

        if (QuarantineCapacity < 1)
        {
            errors.Add($"QuarantineCapacity must be at least 1, got {QuarantineCapacity}.");
        }

        return errors;
    }
}
