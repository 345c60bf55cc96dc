using SensorWatch.Core.Retraining;
using SensorWatch.Kafka.Messages;

namespace SensorWatch.Roles.Trainer;

/// <summary>Operator feedback: false positives join their key's sample; maintenance keeps a sensor's data out of training.</summary>
internal sealed partial class TrainerLoop
{
    private void DrainFeedback()
    {
        while (_feedback.TryTake(out FeedbackMessage message))
        {
            switch (message.Verdict)
            {
                case FeedbackVerdict.MaintenanceStart or FeedbackVerdict.MaintenanceEnd when message.SensorId is { } sensorId:
                    bool on = message.Verdict == FeedbackVerdict.MaintenanceStart;
                    if (on ? _maintenance.Add(sensorId) : _maintenance.Remove(sensorId))
                    {
                        foreach (KeyState state in _keys.Values)
                        {
                            state.Coordinator.SetMaintenance(sensorId, on);
                        }

                        LogMaintenance(_logger, sensorId, on ? "started" : "ended");
                    }

                    break;
                case FeedbackVerdict.FalsePositive:
                    AdmitFalsePositive(message);
                    break;
                default:
                    break; // confirmed: nothing to learn (the window stays out of the sample)
            }
        }
    }

    private void AdmitFalsePositive(FeedbackMessage message)
    {
        IReadOnlyList<(string ModelKey, SampleWindow Window)> windows = message.AlertId is { } alertId
            ? _recent.FindAlert(alertId)
            : message.SensorId is { } sensorId && message.WindowStartMs is { } start ? _recent.Find(sensorId, start, message.WindowEndMs) : [];
        int admitted = 0;
        foreach ((string modelKey, SampleWindow window) in windows)
        {
            if (_keys.TryGetValue(modelKey, out KeyState? state))
            {
                state.Coordinator.AdmitFalsePositive(window);
                admitted++;
            }
        }

        string target = message.AlertId ?? $"{message.SensorId}@{message.WindowStartMs}";
        if (admitted == 0)
        {
            LogFalsePositiveUnmatched(_logger, target);
        }
        else
        {
            LogFalsePositive(_logger, target, admitted);
        }
    }
}
