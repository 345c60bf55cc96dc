using System.Globalization;

namespace SensorWatch.Core.Retraining;

/// <summary>
/// One finished retraining step, for logs and metrics. <see cref="Duration"/> is the training wall time;
/// <see cref="SampleSize"/> the training windows; losses are the candidate's last training loss and its holdout loss
/// (NaN when unknown); <see cref="Version"/> the candidate's (or, for a rollback, the restored) version;
/// <see cref="Number"/> the key's retrain cycle it belongs to (the <c>-rN</c> of the candidate's version; 0 = none yet).
/// </summary>
internal sealed record RetrainEvent(
    string ModelKey,
    RetrainOutcome Outcome,
    GateReason Reason,
    string Text,
    string Version,
    TimeSpan Duration,
    int SampleSize,
    double TrainLoss,
    double HoldoutLoss,
    DateTimeOffset At,
    int Number)
{
    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{ModelKey} {Version}: {Outcome} ({Reason}) {Text} [sample {SampleSize}, {Duration.TotalSeconds:F1} s, train loss {TrainLoss:G4}, holdout loss {HoldoutLoss:G4}]");
}
