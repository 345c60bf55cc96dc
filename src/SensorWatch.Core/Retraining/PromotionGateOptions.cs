namespace SensorWatch.Core.Retraining;

/// <summary>Thresholds of the <see cref="PromotionGate"/>.</summary>
internal sealed record PromotionGateOptions
{
    /// <summary>The candidate's holdout loss may exceed the current model's by at most this fraction.</summary>
    public double HoldoutTolerance { get; init; } = 0.05;

    /// <summary>Largest allowed fraction of holdout (accepted-normal) windows the candidate alarms on.</summary>
    public double TargetFalseAlarmRate { get; init; } = 0.01;

    /// <summary>Smallest holdout the offline check accepts.</summary>
    public int MinHoldoutWindows { get; init; } = 20;

    /// <summary>Live windows the candidate scores in shadow before promotion.</summary>
    public int ShadowWindows { get; init; } = 500;

    /// <summary>Largest allowed live alert rate of the candidate in shadow.</summary>
    public double ShadowAlertRateBudget { get; init; } = 0.02;

    /// <summary>Live windows watched after promotion.</summary>
    public int WatchWindows { get; init; } = 1000;

    /// <summary>Roll back when the watched alert rate exceeds this factor times the baseline rate.</summary>
    public double RollbackFactor { get; init; } = 3.0;

    /// <summary>Floor of the baseline rate, so a zero-alert baseline does not roll back on a single alert.</summary>
    public double MinBaselineAlertRate { get; init; } = 0.005;

    /// <summary>Spikes are judged only after this many watched windows.</summary>
    public int MinWatchWindows { get; init; } = 50;

    /// <summary>Every problem with the options (empty when valid), each naming its field.</summary>
    public IReadOnlyList<string> Validate()
    {
        List<string> errors = [];
        if (!(HoldoutTolerance >= 0 && double.IsFinite(HoldoutTolerance)))
        {
            errors.Add($"HoldoutTolerance must be 0 or more, got {HoldoutTolerance}.");
        }

        if (!(TargetFalseAlarmRate is >= 0 and <= 1))
        {
            errors.Add($"TargetFalseAlarmRate must be in [0, 1], got {TargetFalseAlarmRate}.");
        }

        if (MinHoldoutWindows < 1)
        {
            errors.Add($"MinHoldoutWindows must be at least 1, got {MinHoldoutWindows}.");
        }

        if (ShadowWindows < 1)
        {
            errors.Add($"ShadowWindows must be at least 1, got {ShadowWindows}.");
        }

        if (!(ShadowAlertRateBudget is >= 0 and <= 1))
        {
            errors.Add($"ShadowAlertRateBudget must be in [0, 1], got {ShadowAlertRateBudget}.");
        }

        if (WatchWindows < 1)
        {
            errors.Add($"WatchWindows must be at least 1, got {WatchWindows}.");
        }

        if (!(RollbackFactor >= 1 && double.IsFinite(RollbackFactor)))
        {
            errors.Add($"RollbackFactor must be 1 or more, got {RollbackFactor}.");
        }

        if (!(MinBaselineAlertRate is >= 0 and <= 1))
        {
            errors.Add($"MinBaselineAlertRate must be in [0, 1], got {MinBaselineAlertRate}.");
        }

        if (MinWatchWindows < 1)
        {
            errors.Add($"MinWatchWindows must be at least 1, got {MinWatchWindows}.");
        }

        return errors;
    }
}
