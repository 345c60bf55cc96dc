// Results: see docs/detector.md ("Cost of the residual predictor"), with the command, the load and the machine.

using BenchmarkDotNet.Attributes;
using SensorWatch.Core.Model;
using SensorWatch.Core.Preprocessing;
using SensorWatch.Core.Scoring;
using SensorWatch.Core.Thresholds;

namespace SensorWatch.Benchmarks.Scoring;

/// <summary>
/// The production scoring path (<see cref="DetectorScorer"/>: standardise, network forward pass, score statistics,
/// flatline rule) for a batch of 64 windows of the demo's cold-start shape (D 8, T 64, H 48, Z 12), with the
/// per-step Mahalanobis score alone (ResidualLags 0) and with the residual predictor (ResidualLags 16); and the score
/// statistics alone per window, where the predictor's T·D·p extra multiply-adds sit.
/// </summary>
[MemoryDiagnoser]
public class DetectorScorerBenchmarks
{
    private const int T = 64, D = 8, Batch = 64;
    private DetectorScorer _scorer = null!;
    private ScoreStatistics _statistics = null!;
    private WindowScore[] _results = [];
    private float[] _windows = [];
    private float[] _errors = [];
    private float[] _contributions = new float[D];
    private double[] _scratch = new double[3 * D];

    [Params(0, 16)]
    public int ResidualLags { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Random random = new(42);
        float[] validation = [.. Enumerable.Range(0, 200 * T * D).Select(_ => (float)(random.NextDouble() - 0.5))];
        _statistics = ScoreStatistics.Fit(ScoreMode.Mahalanobis, validation, T, D, 0, ResidualLags);
        LstmAutoencoder model = LstmAutoencoder.Create(new AutoencoderArchitecture(D, T, 48, 1, 12, AutoencoderVariant.Plain), 7);
        FeatureStandardizer standardizer = new(new double[D], [.. Enumerable.Repeat(1.0, D)], FeatureStandardizer.DefaultClip);
        ThresholdCalibration calibration = new(ThresholdMethod.Quantile, 0.002, 10, 5, 1, 0, 0.02, 1000, "none");
        AnomalyDetector detector = new(model, standardizer, _statistics, calibration, [.. Enumerable.Range(0, D).Select(d => $"f{d}")],
            new TrainingMetadata(), 0.2, 3, new FlatlineRule([.. Enumerable.Repeat(8, D)]));
        _scorer = detector.CreateScorer(Batch);
        _results = new WindowScore[Batch];
        _windows = [.. Enumerable.Range(0, Batch * T * D).Select(_ => (float)(random.NextDouble() - 0.5))];
        _errors = validation[..(T * D)];
    }

    [Benchmark(Description = "DetectorScorer, 64 windows")]
    public void ScoreBatch() => _scorer.Score(_windows, Batch, _results, default, default);

    [Benchmark(Description = "ScoreStatistics.Score, 1 window")]
    public double ScoreOneWindow() => _statistics.Score(_errors, _contributions, _scratch);
}
