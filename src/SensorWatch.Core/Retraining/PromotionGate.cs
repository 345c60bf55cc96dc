using System.Globalization;

namespace SensorWatch.Core.Retraining;

/// <summary>
/// Decides a candidate model's fate in three pure steps, each returning a <see cref="GateDecision"/> with its rule:
/// <list type="number">
/// <item><see cref="EvaluateOffline"/>: converged (trainer flag, every loss finite, last loss below the first), not worse
/// than the current model on the recent accepted-normal holdout (loss ≤ current × (1 + tolerance)), and a holdout
/// false-alarm rate ≤ target → <see cref="GateOutcome.StartShadow"/>, else <see cref="GateOutcome.Reject"/>.</item>
/// <item><see cref="EvaluateShadow"/>: after ShadowWindows live windows scored beside the current model, the candidate's
/// alert rate must be ≤ the budget → <see cref="GateOutcome.Promote"/>; rejected early once the budget cannot be met.</item>
/// <item><see cref="EvaluateWatch"/>: after promotion, an alert rate above RollbackFactor × max(baseline, floor) within
/// WatchWindows → <see cref="GateOutcome.RollBack"/>; a quiet watch → <see cref="GateOutcome.Keep"/>.</item>
/// </list>
/// The caller keeps the counters; the gate keeps no state.
/// </summary>
internal sealed class PromotionGate
{
    private readonly PromotionGateOptions _options;

    /// <summary>Creates the gate.</summary>
    public PromotionGate(PromotionGateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Invalid promotion gate options: {string.Join(" ", errors)}", nameof(options));
        }

        _options = options;
    }

    /// <summary>The offline checks on a trained candidate.</summary>
    public GateDecision EvaluateOffline(CandidateReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!report.Converged)
        {
            return Reject(GateReason.NotConverged, $"training did not converge: {report.FailureReason ?? "no reason given"}");
        }

        int bad = IndexOfNonFinite(report.TrainLosses);
        if (bad >= 0)
        {
            return Reject(GateReason.NonFinite, $"training loss {bad + 1} of {report.TrainLosses.Count} is {F(report.TrainLosses[bad])}");
        }

        if (report.TrainLosses.Count < 2 || !(report.TrainLosses[^1] < report.TrainLosses[0]))
        {
            return Reject(GateReason.LossDidNotDecrease, report.TrainLosses.Count < 2
                ? $"only {report.TrainLosses.Count} training loss(es): cannot tell whether it decreased"
                : $"training loss went from {F(report.TrainLosses[0])} to {F(report.TrainLosses[^1])}");
        }

        if (report.HoldoutWindows < _options.MinHoldoutWindows)
        {
            return Reject(GateReason.HoldoutTooSmall, $"holdout has {report.HoldoutWindows} windows, need {_options.MinHoldoutWindows}");
        }

        if (!double.IsFinite(report.CandidateHoldoutLoss) || report.CurrentHoldoutLoss is double c && !double.IsFinite(c))
        {
            return Reject(GateReason.NonFinite, $"holdout loss is {F(report.CandidateHoldoutLoss)} (current {F(report.CurrentHoldoutLoss ?? 0)})");
        }

        if (report.CurrentHoldoutLoss is double current && report.CandidateHoldoutLoss > current * (1 + _options.HoldoutTolerance))
        {
            return Reject(GateReason.WorseOnHoldout,
                $"holdout loss {F(report.CandidateHoldoutLoss)} > current {F(current)} × (1 + {F(_options.HoldoutTolerance)})");
        }

        double rate = (double)report.CandidateHoldoutAlarms / report.HoldoutWindows;
        if (rate > _options.TargetFalseAlarmRate)
        {
            return Reject(GateReason.HoldoutFalseAlarmsAboveTarget,
                $"alarms on {report.CandidateHoldoutAlarms} of {report.HoldoutWindows} accepted-normal windows ({F(rate)} > target {F(_options.TargetFalseAlarmRate)})");
        }

        return new(GateOutcome.StartShadow, GateReason.OfflineChecksPassed,
            $"converged (loss {F(report.TrainLosses[0])} → {F(report.TrainLosses[^1])}), holdout loss {F(report.CandidateHoldoutLoss)}"
            + (report.CurrentHoldoutLoss is double cur ? $" vs current {F(cur)}" : " (no current model)")
            + $", holdout false-alarm rate {F(rate)}");
    }

    /// <summary>
    /// Shadow phase: <paramref name="windows"/> live windows scored so far, <paramref name="candidateAlerts"/> of them
    /// anomalous for the candidate (the <see cref="RetrainingCoordinator"/> passes only those the served model scored
    /// normal, so real anomalies both models flag do not count against the candidate).
    /// </summary>
    public GateDecision EvaluateShadow(int windows, int candidateAlerts)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(windows);
        ArgumentOutOfRangeException.ThrowIfNegative(candidateAlerts);
        long allowed = (long)Math.Floor(_options.ShadowAlertRateBudget * _options.ShadowWindows);
        if (candidateAlerts > allowed)
        {
            return Reject(GateReason.ShadowAlertRateOverBudget,
                $"{candidateAlerts} alerts in {windows} shadow windows exceed the budget of {allowed} in {_options.ShadowWindows} (rate {F(_options.ShadowAlertRateBudget)})");
        }

        if (windows < _options.ShadowWindows)
        {
            return new(GateOutcome.Pending, GateReason.ShadowRunning, $"{windows} of {_options.ShadowWindows} shadow windows, {candidateAlerts} alerts");
        }

        return new(GateOutcome.Promote, GateReason.ShadowPassed,
            $"{candidateAlerts} alerts in {windows} shadow windows (rate {F((double)candidateAlerts / windows)} ≤ budget {F(_options.ShadowAlertRateBudget)})");
    }

    /// <summary>Watch after promotion: <paramref name="alerts"/> in <paramref name="windows"/> live windows; <paramref name="baselineAlertRate"/> is the previous model's rate.</summary>
    public GateDecision EvaluateWatch(int windows, int alerts, double baselineAlertRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(windows);
        ArgumentOutOfRangeException.ThrowIfNegative(alerts);
        double limit = _options.RollbackFactor * Math.Max(double.IsFinite(baselineAlertRate) ? baselineAlertRate : 0, _options.MinBaselineAlertRate);
        double rate = windows == 0 ? 0 : (double)alerts / windows;
        if (windows >= _options.MinWatchWindows && rate > limit)
        {
            return new(GateOutcome.RollBack, GateReason.AlertRateSpike,
                $"alert rate {F(rate)} ({alerts} in {windows} windows) > {F(_options.RollbackFactor)} × baseline {F(limit / _options.RollbackFactor)}");
        }

        if (windows < _options.WatchWindows)
        {
            return new(GateOutcome.Pending, GateReason.Watching, $"{windows} of {_options.WatchWindows} watched windows, alert rate {F(rate)}");
        }

        return new(GateOutcome.Keep, GateReason.WatchPassed, $"alert rate {F(rate)} over {windows} windows ≤ limit {F(limit)}");
    }

    private static GateDecision Reject(GateReason reason, string text) => new(GateOutcome.Reject, reason, text);

    private static int IndexOfNonFinite(IReadOnlyList<double> values)
    {
        for (int i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static string F(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
