using System.Globalization;
using SensorWatch.Core.Scoring;

namespace SensorWatch.Roles.Scorer;

/// <summary>The real model: an <see cref="AnomalyDetector"/> (standardiser + LSTM autoencoder + calibrated threshold).</summary>
internal sealed class DetectorScoringModel : IScoringModel
{
    public DetectorScoringModel(string modelKey, AnomalyDetector detector)
    {
        ModelKey = modelKey;
        Detector = detector;
        TrainedAt = detector.Metadata.TrainedAt;
        VersionNumber = TrainedAt.ToUnixTimeSeconds();
        Version = detector.Metadata.Lineage.TryGetValue("version", out string? version)
            ? version
            : "v" + TrainedAt.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
    }

    public AnomalyDetector Detector { get; }

    public string ModelKey { get; }

    public string Version { get; }

    public long VersionNumber { get; }

    public DateTimeOffset TrainedAt { get; }

    public int WindowLength => Detector.WindowLength;

    public int Features => Detector.FeatureCount;

    public int LatentSize => Detector.Architecture.Latent;

    public IReadOnlyList<string> FeatureNames => Detector.FeatureNames;

    public double Threshold => Detector.Calibration.Threshold;

    public IBatchScorer CreateScorer(int maxBatch) => new Scorer(Detector.CreateScorer(maxBatch), maxBatch);

    public IBatchScorer CreateScorer(int maxBatch, int threads) => new Scorer(Detector.CreateScorer(maxBatch, threads), maxBatch);

    /// <summary>Adapts <see cref="DetectorScorer"/> (allocation-free after creation) to the loop's seam.</summary>
    private sealed class Scorer(DetectorScorer scorer, int maxBatch) : IBatchScorer
    {
        private readonly WindowScore[] _scores = new WindowScore[maxBatch];   // (B)

        public void Score(ReadOnlySpan<float> windows, int batch, Span<WindowResult> results, Span<float> contributions, Span<float> latent)
        {
            scorer.Score(windows, batch, _scores.AsSpan(0, batch), contributions, latent);
            for (int b = 0; b < batch; b++)
            {
                WindowScore score = _scores[b];
                bool refused = score.Status == WindowStatus.Refused;
                results[b] = new WindowResult(score.Score, score.Threshold, score.Anomalous && !refused,
                    (int)Math.Round(Math.Clamp(score.Severity, 0, 100)), score.Status == WindowStatus.Imputed, refused,
                    refused ? score.Reason.ToString() : null);
            }
        }
    }
}
