using SensorWatch.Core.Retraining;

namespace SensorWatch.Roles.Demo;

/// <summary>One retraining step as the demo shows and summarises it (wall time since the demo started).</summary>
internal sealed record DemoRetrain(double AtSeconds, string ModelKey, string Outcome, string Reason, string Version, double TrainingSeconds,
    int SampleSize, double TrainLoss, string Text)
{
    public static DemoRetrain From(RetrainEvent retrain, TimeSpan at) =>
        new(Math.Round(at.TotalSeconds, 1), retrain.ModelKey, retrain.Outcome.ToString(), retrain.Reason.ToString(), retrain.Version,
            Math.Round(retrain.Duration.TotalSeconds, 2), retrain.SampleSize, double.IsFinite(retrain.TrainLoss) ? retrain.TrainLoss : 0, retrain.Text);
}
