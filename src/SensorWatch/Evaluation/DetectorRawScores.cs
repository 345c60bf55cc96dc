using System.Diagnostics;
using System.Globalization;
using SensorWatch.Core.Preprocessing;
using SensorWatch.Core.Scoring;
using SensorWatch.Core.Training;

namespace SensorWatch.Evaluation;

/// <summary>The detector's raw score of the window ending at each row, after a cold start on the first rows.</summary>
/// <param name="Raw">(N) raw score of the window ending at each row; NaN before the first full window or for a refused window.</param>
/// <param name="CalibrationStart">First row whose window lies wholly in the held-out calibration part of the cold start.</param>
/// <param name="Detector">The detector trained on the cold start.</param>
/// <param name="TrainSeconds">Training time.</param>
internal sealed record DetectorRawScores(double[] Raw, int CalibrationStart, AnomalyDetector Detector, double TrainSeconds)
{
    private const int Batch = 256;

    /// <summary>
    /// Trains an <see cref="AnomalyDetector"/> on rows [0, <paramref name="trainRows"/>) only (the worker's cold start:
    /// standardiser, autoencoder, score statistics, threshold on the chronologically last part), then scores the window
    /// ending at every row t ≥ T − 1 with <see cref="DetectorScorer"/>: the window holds rows t − T + 1 .. t, never a later one.
    /// </summary>
    public static DetectorRawScores Compute(float[] rows, int features, int trainRows, EvaluationSettings settings, CancellationToken cancellationToken)
    {
        Stopwatch clock = Stopwatch.StartNew();
        int n = rows.Length / features;
        int t = settings.WindowLength;
        DetectorOptions options = Options(settings, trainRows);
        string[] names = [.. Enumerable.Range(0, features).Select(d => features == 1 ? "value" : "c" + (d + 1).ToString(CultureInfo.InvariantCulture))];
        string[] stamps = [.. Enumerable.Range(0, trainRows).Select(i => i.ToString(CultureInfo.InvariantCulture))];
        AnomalyDetector detector = AnomalyDetector.Train(new SensorTable(names, stamps, rows[..(trainRows * features)]), options, null, cancellationToken);
        double trainSeconds = clock.Elapsed.TotalSeconds;

        double[] raw = new double[n];
        Array.Fill(raw, double.NaN);
        DetectorScorer scorer = detector.CreateScorer(Batch);
        float[] windows = new float[Batch * t * features]; // (B, T, D)
        WindowScore[] results = new WindowScore[Batch];
        for (int first = t - 1; first < n; first += Batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int batch = Math.Min(Batch, n - first);
            for (int b = 0; b < batch; b++)
            {
                int end = first + b; // the window ends at this row
                rows.AsSpan((end - t + 1) * features, t * features).CopyTo(windows.AsSpan(b * t * features));
            }

            scorer.Score(windows.AsSpan(0, batch * t * features), batch, results.AsSpan(0, batch), [], []);
            for (int b = 0; b < batch; b++)
            {
                raw[first + b] = results[b].Status == WindowStatus.Refused ? double.NaN : results[b].Score;
            }
        }

        int calibrationRows = (int)Math.Round(trainRows * options.CalibrationFraction);
        int calibrationStart = Math.Min(trainRows - 1, trainRows - calibrationRows + t - 1);
        return new DetectorRawScores(raw, calibrationStart, detector, trainSeconds);
    }

    /// <summary>The detector options the replay trains with (small univariate-friendly models; see docs/evaluation.md).</summary>
    public static DetectorOptions Options(EvaluationSettings settings, int trainRows)
    {
        int windows = Math.Max(1, (int)(trainRows * 0.8) - settings.WindowLength + 1);
        int stride = Math.Max(settings.TrainStride, (int)Math.Ceiling(windows / (double)settings.MaxTrainWindows));
        return new DetectorOptions
        {
            WindowLength = settings.WindowLength,
            Stride = stride,
            Hidden = settings.Hidden,
            Layers = 1,
            Latent = settings.Latent,
            ScoreMode = settings.ScoreMode,
            ScoreTail = settings.ScoreTail,
            CalibrationFraction = 0.2,
            Training = new TrainingOptions
            {
                Epochs = settings.Epochs,
                BatchSize = 32,
                LearningRate = settings.LearningRate,
                Seed = settings.Seed,
                Threads = 1,
                Patience = 3,
            },
        };
    }
}
