using SensorWatch.Roles.Scorer;

namespace SensorWatch.IntegrationTests.Worker;

/// <summary>Fits <see cref="StatisticalTestModel"/> on the probation windows (threshold = 1.5 × the largest training score).</summary>
internal sealed class StatisticalTestTrainer : IModelTrainer
{
    private int _trained;

    /// <summary>Delay that stands in for a real training's duration (the loop must keep polling meanwhile).</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromMilliseconds(200);

    public int Trained => Volatile.Read(ref _trained);

    public IScoringModel? Train(string modelKey, float[] windows, int count, int windowLength, IReadOnlyList<string> featureNames,
        out string? failureReason, CancellationToken cancellationToken)
    {
        Thread.Sleep(Delay);
        cancellationToken.ThrowIfCancellationRequested();
        int features = featureNames.Count;
        float[] mean = new float[features];
        float[] std = new float[features];
        int[] n = new int[features];
        for (int i = 0; i < count * windowLength; i++)
        {
            for (int d = 0; d < features; d++)
            {
                float value = windows[(i * features) + d];
                if (!float.IsNaN(value))
                {
                    mean[d] += value;
                    n[d]++;
                }
            }
        }

        for (int d = 0; d < features; d++)
        {
            mean[d] /= Math.Max(1, n[d]);
        }

        for (int i = 0; i < count * windowLength; i++)
        {
            for (int d = 0; d < features; d++)
            {
                float value = windows[(i * features) + d];
                if (!float.IsNaN(value))
                {
                    std[d] += (value - mean[d]) * (value - mean[d]);
                }
            }
        }

        for (int d = 0; d < features; d++)
        {
            std[d] = MathF.Max(1e-3f, MathF.Sqrt(std[d] / Math.Max(1, n[d] - 1)));
        }

        StatisticalTestModel probe = new(modelKey, windowLength, mean, std, 1);
        double max = 0;
        float[] scratch = new float[features];
        for (int w = 0; w < count; w++)
        {
            max = Math.Max(max, probe.ScoreOne(windows.AsSpan(w * windowLength * features, windowLength * features), scratch));
        }

        failureReason = null;
        Interlocked.Increment(ref _trained);
        return new StatisticalTestModel(modelKey, windowLength, mean, std, max * 1.5, $"cold-{modelKey}-1");
    }
}
