using System.Globalization;
using SensorWatch.Core.Scoring;

namespace SensorWatch.Core.Retraining;

/// <summary>The phase steps of <see cref="RetrainingCoordinator.Poll"/>: Idle → Training → Shadow → Watching, and their exits.</summary>
internal sealed partial class RetrainingCoordinator
{
    private RetrainAction PollIdle()
    {
        if (_current is null)
        {
            return RetrainAction.None;
        }

        DateTimeOffset now = _time.GetUtcNow();
        long admitted = AdmittedTotal() - _admittedAtLastStart;
        bool timeDue = _options.Interval > TimeSpan.Zero && now - _lastStart >= _options.Interval;
        bool countDue = _options.MinNewWindows > 0 && admitted >= _options.MinNewWindows;
        if (!(timeDue || countDue) || Sample.Reservoir.Count + Sample.RecentCount < _options.MinTrainingWindows)
        {
            return RetrainAction.None;
        }

        int cells = _current.WindowLength * _current.FeatureCount;
        SampleWindow[] training = [.. Sample.TrainingWindows().Where(w => w.Values.Length == cells)];
        if (training.Length < _options.MinTrainingWindows)
        {
            return RetrainAction.None;
        }

        StartTraining(training, timeDue ? "interval" : "count", now);
        return RetrainAction.None;
    }

    private void StartTraining(SampleWindow[] training, string trigger, DateTimeOffset now)
    {
        AnomalyDetector current = _current!;
        _cycle++;
        Retrains++;
        _lastStart = now;
        _admittedAtLastStart = AdmittedTotal();
        _trigger = trigger;
        int seed = _random.Next();
        _candidateVersion = string.Create(CultureInfo.InvariantCulture, $"{ModelKey}-{now:yyyyMMdd'T'HHmmss}-r{_cycle}");
        SampleWindow[] ordered = [.. training.OrderBy(w => w.EndMs)]; // chronological: the newest part calibrates the threshold
        _sampleSize = ordered.Length;
        int cells = current.WindowLength * current.FeatureCount;
        SampleWindow[] recent = [.. Sample.Recent().Where(w => w.Values.Length == cells)];
        Dictionary<string, string> lineage = Sample.Composition.ToLineage(ordered.Length);
        lineage["modelKey"] = ModelKey;
        lineage["version"] = _candidateVersion;
        lineage["parentVersion"] = _currentVersion!;
        lineage["trigger"] = trigger;
        lineage["seed"] = seed.ToString(CultureInfo.InvariantCulture);
        lineage["configHash"] = _configHash;
        lineage["warmStart"] = _options.WarmStart ? "true" : "false";
        lineage["sample.firstWindowMs"] = ordered[0].StartMs.ToString(CultureInfo.InvariantCulture);
        lineage["sample.lastWindowMs"] = ordered[^1].EndMs.ToString(CultureInfo.InvariantCulture);
        var detectorOptions = CandidateOptions.From(current, _options, seed, lineage);
        _training = new CandidateTraining(ModelKey, current, Flatten(ordered), ordered.Length, Flatten(recent), recent.Length, detectorOptions);
        Phase = RetrainPhase.Training;
    }

    private RetrainAction PollTraining()
    {
        if (_training is not { IsCompleted: true } training)
        {
            return RetrainAction.None;
        }

        CandidateResult result = training.Result!;
        training.Dispose();
        _training = null;
        _candidateResult = result;
        if (result.Cancelled)
        {
            Record(RetrainOutcome.Abandoned, GateReason.Abandoned, result.Failure ?? "cancelled", _candidateVersion);
            Phase = RetrainPhase.Idle;
            return RetrainAction.None;
        }

        if (result.Detector is null || result.Report is null)
        {
            return Reject(new GateDecision(GateOutcome.Reject, GateReason.TrainingFailed, $"training failed: {result.Failure}"));
        }

        GateDecision decision = _gate.EvaluateOffline(result.Report);
        if (decision.Outcome != GateOutcome.StartShadow)
        {
            return Reject(decision);
        }

        _offlineDecision = decision;
        _candidate = result.Detector;
        _shadow = new ShadowRun(result.Detector, _options.ShadowBatchSize);
        Phase = RetrainPhase.Shadow;
        return RetrainAction.None;
    }

    private RetrainAction PollShadow()
    {
        ShadowRun shadow = _shadow!;
        shadow.Flush();
        // The candidate's EXTRA alarms (windows it flags that the served model does not): a real anomaly both flag, or drift
        // only the served model flags, does not count against it.
        GateDecision decision = _gate.EvaluateShadow(shadow.Windows, shadow.ShadowOnlyAlerts);
        if (decision.Outcome == GateOutcome.Pending)
        {
            return RetrainAction.None;
        }

        if (decision.Outcome != GateOutcome.Promote)
        {
            return Reject(decision);
        }

        if (PinCheck?.Invoke() is { } pin)
        {
            return Reject(new GateDecision(GateOutcome.Reject, GateReason.Pinned, $"passed ({_offlineDecision!.Text}; {decision.Text}) but not promoted: {pin}"));
        }

        AnomalyDetector candidate = _candidate!;
        Dictionary<string, string> lineage = new(candidate.Metadata.Lineage, StringComparer.Ordinal)
        {
            ["gate.offline"] = _offlineDecision!.Text,
            ["gate.shadow"] = decision.Text,
        };
        AnomalyDetector promoted = candidate.WithMetadata(candidate.Metadata with { Lineage = lineage });
        _previous = _current;
        _previousVersion = _currentVersion;
        _current = promoted;
        _currentVersion = _candidateVersion;
        _watch = new ShadowRun(_previous!, _options.ShadowBatchSize);
        _shadow = null;
        _candidate = null;
        Phase = RetrainPhase.Watching;
        Record(RetrainOutcome.Promoted, decision.Reason, $"{_offlineDecision.Text}; {decision.Text}", _candidateVersion);
        return new RetrainAction(RetrainActionKind.Promote, promoted, _candidateVersion, decision);
    }

    private RetrainAction PollWatch()
    {
        // Baseline = the previous model's rate on the SAME live windows (it keeps scoring in the background), so drift that
        // raises every model's rate is not mistaken for a bad promotion.
        ShadowRun watch = _watch!;
        watch.Flush();
        GateDecision decision = _gate.EvaluateWatch(watch.Windows, watch.ServedAlerts, (double)watch.ShadowAlerts / Math.Max(1, watch.Windows));
        if (decision.Outcome == GateOutcome.Pending)
        {
            return RetrainAction.None;
        }

        Phase = RetrainPhase.Idle;
        _watch = null;
        if (decision.Outcome == GateOutcome.Keep || _previous is null)
        {
            Record(RetrainOutcome.Kept, decision.Reason, decision.Text, _currentVersion!);
            return RetrainAction.None;
        }

        string failedVersion = _currentVersion!;
        AnomalyDetector restored = _previous;
        string restoredVersion = _previousVersion!;
        _current = restored;
        _currentVersion = restoredVersion;
        _previous = null;
        _previousVersion = null;
        Record(RetrainOutcome.RolledBack, decision.Reason, $"{failedVersion} rolled back to {restoredVersion}: {decision.Text}", restoredVersion);
        return new RetrainAction(RetrainActionKind.RollBack, restored, restoredVersion, decision);
    }

    private RetrainAction Reject(GateDecision decision)
    {
        Record(RetrainOutcome.Rejected, decision.Reason, decision.Text, _candidateVersion);
        Phase = RetrainPhase.Idle;
        _shadow = null;
        _candidate = null;
        return new RetrainAction(RetrainActionKind.Rejected, null, _candidateVersion, decision);
    }

    private void Abandon(string why)
    {
        if (Phase == RetrainPhase.Training)
        {
            _training?.Cancel();
            _training?.Dispose();
            _training = null;
        }

        Record(RetrainOutcome.Abandoned, GateReason.Abandoned, why, _candidateVersion);
        Phase = RetrainPhase.Idle;
        _shadow = null;
        _watch = null;
        _candidate = null;
    }
}
