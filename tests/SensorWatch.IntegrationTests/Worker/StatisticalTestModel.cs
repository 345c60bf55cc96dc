using SensorWatch.Roles.Scorer;

namespace SensorWatch.IntegrationTests.Worker;

/// <summary>
/// A tiny deterministic stand-in model for the Kafka-level tests (the delivery semantics do not depend on the model):
/// score = mean over steps and features of the squared z-score against per-feature mean/std; contributions = each
/// feature's share of that error. Missing values (NaN) are skipped.
/// </summary>
internal sealed class StatisticalTestModel : IScoringModel
{
    private readonly float[] _mean;    // (D)
    private readonly float[] _std;     // (D)

    public StatisticalTestModel(string modelKey, int windowLength, float[] mean, float[] std, double threshold, string version = "test-1")
    {
        ModelKey = modelKey;
        WindowLength = windowLength;
        _mean = mean;
        _std = std;
        Threshold = threshold;
        Version = version;
        FeatureNames = [.. Enumerable.Range(0, mean.Length).Select(i => $"f{i}")];
    }

    public string ModelKey { get; }

    public float[] Mean => _mean;

    public float[] Std => _std;

    public string Version { get; }

    public long VersionNumber => 1;

    public DateTimeOffset TrainedAt { get; } = DateTimeOffset.UtcNow;

    public int WindowLength { get; }

    public int Features => _mean.Length;

    public int LatentSize => 2;

    public IReadOnlyList<string> FeatureNames { get; }

    public double Threshold { get; }

    /// <summary>Sleep per scored batch, to slow a worker down so a test can stop it mid-stream.</summary>
    public TimeSpan ScoreDelay { get; init; }

    /// <summary>Throw from every batch scored (a model bug), to test that the scorer dead-letters the batch and goes on.</summary>
    public bool FailEveryBatch { get; init; }

    public IBatchScorer CreateScorer(int maxBatch) => new Scorer(this);

    /// <summary>Squared z-score per feature of one window (T, D), summed over steps; returns the window score.</summary>
    public double ScoreOne(ReadOnlySpan<float> window, Span<float> perFeature)
    {
        perFeature.Clear();
        int count = 0;
        for (int t = 0; t < WindowLength; t++)
        {
            for (int d = 0; d < Features; d++)
            {
                float value = window[(t * Features) + d];
                if (float.IsNaN(value))
                {
                    continue;
                }

                float z = (value - _mean[d]) / _std[d];
                perFeature[d] += z * z;
                count++;
            }
        }

        float total = 0;
        foreach (float part in perFeature)
        {
            total += part;
        }

        return count == 0 ? 0 : total / count;
    }

    private sealed class Scorer(StatisticalTestModel model) : IBatchScorer
    {
        public void Score(ReadOnlySpan<float> windows, int batch, Span<WindowResult> results, Span<float> contributions, Span<float> latent)
        {
            int size = model.WindowLength * model.Features;
            if (model.FailEveryBatch)
            {
                throw new InvalidOperationException("test model: this batch cannot be scored");
            }

            if (model.ScoreDelay > TimeSpan.Zero)
            {
                Thread.Sleep(model.ScoreDelay);
            }

            for (int b = 0; b < batch; b++)
            {
                Span<float> share = contributions.Slice(b * model.Features, model.Features);
                double score = model.ScoreOne(windows.Slice(b * size, size), share);
                float sum = 0;
                foreach (float part in share)
                {
                    sum += part;
                }

                for (int d = 0; d < share.Length; d++)
                {
                    share[d] = sum > 0 ? share[d] / sum : 0;
                }

                if (!latent.IsEmpty)
                {
                    latent[b * 2] = (float)score;
                    latent[(b * 2) + 1] = (float)model.Threshold;
                }

                bool anomalous = score > model.Threshold;
                int severity = (int)Math.Clamp(100 * (score - model.Threshold) / (3 * model.Threshold), 0, 100);
                results[b] = new WindowResult(score, model.Threshold, anomalous, anomalous ? Math.Max(severity, 1) : 0, false, false, null);
            }
        }
    }
}
