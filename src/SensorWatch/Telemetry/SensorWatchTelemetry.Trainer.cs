using System.Diagnostics.Metrics;

namespace SensorWatch.Telemetry;

/// <summary>
/// Trainer-role instruments: each owned key's retraining phase (a state set: 1 for the current phase, 0 for the
/// others, so <c>max by (sensorwatch_retrain_phase)</c> and changes over time are plain queries), its accepted-normal
/// sample size, and the number of the key's last retrain per outcome (the <c>-rN</c> of the candidate's version).
/// </summary>
internal sealed partial class SensorWatchTelemetry
{
    private volatile Func<IReadOnlyCollection<TrainerStatus>> _trainerStatusSource = static () => [];
    private Gauge<int>? _retrainNumber;

    /// <summary>Sets the callback the trainer phase and sample-size gauges read at each collection.</summary>
    public void SetTrainerStatusSource(Func<IReadOnlyCollection<TrainerStatus>> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _trainerStatusSource = source;
    }

    private void CreateTrainerInstruments()
    {
        Meter.CreateObservableGauge(InstrumentNames.TrainerPhase, ObserveTrainerPhases, "1",
            "Retraining phase of each model key the trainer owns: 1 for the current phase (idle, training, shadow, watching), 0 for the others.");
        Meter.CreateObservableGauge(InstrumentNames.TrainerSampleSize, ObserveTrainerSamples, "{window}",
            "Accepted-normal sample size (reservoir plus recent windows) of each model key the trainer owns.");
        _retrainNumber = Meter.CreateGauge<int>(InstrumentNames.RetrainNumber, "{retrain}",
            "Number of the last retrain per model key and outcome: the -rN of the candidate's version (key-time-rN).");
    }

    private void RecordRetrainNumber(string model, string outcome, int number)
    {
        if (number > 0)
        {
            _retrainNumber!.Record(number, new KeyValuePair<string, object?>(TelemetryTags.ModelKey, model), new KeyValuePair<string, object?>(TelemetryTags.RetrainOutcome, outcome));
        }
    }

    private IEnumerable<Measurement<int>> ObserveTrainerPhases()
    {
        foreach (TrainerStatus status in ReadTrainerStatuses())
        {
            string model = _modelKeys.Admit(status.ModelKey);
            foreach (string phase in TrainerStatus.Phases)
            {
                yield return new Measurement<int>(phase == status.Phase ? 1 : 0,
                    new KeyValuePair<string, object?>(TelemetryTags.ModelKey, model), new KeyValuePair<string, object?>(TelemetryTags.RetrainPhase, phase));
            }
        }
    }

    private IEnumerable<Measurement<int>> ObserveTrainerSamples()
    {
        foreach (TrainerStatus status in ReadTrainerStatuses())
        {
            yield return new Measurement<int>(status.SampleWindows, new KeyValuePair<string, object?>(TelemetryTags.ModelKey, _modelKeys.Admit(status.ModelKey)));
        }
    }

    private IReadOnlyCollection<TrainerStatus> ReadTrainerStatuses()
    {
        try
        {
            return _trainerStatusSource();
        }
        catch (InvalidOperationException)
        {
            return [];
        }
    }
}
