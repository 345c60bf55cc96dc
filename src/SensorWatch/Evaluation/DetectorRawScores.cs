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

    /// <summary>
    /// The same on a coarser time scale: each step of a window is the mean of <paramref name="dilation"/> consecutive rows,
    /// so a window of T steps ending at row t spans rows t − T·dilation + 1 .. t (daily context for 5-minute data with
    /// T = 32, dilation 8: 21 hours). Trains on windows ending before <paramref name="trainRows"/> only; the last 20 % of
    /// them (in time) calibrate. Causal: every step averages rows up to t.
    /// </summary>
    /// <returns>Null when the cold start is too short for 40 coarse training windows (the series then uses the fine detector only).</returns>
    public static DetectorRawScores? ComputeCoarse(float[] rows, int features, int trainRows, EvaluationSettings settings, int dilation,
        CancellationToken cancellationToken)
    {
        Stopwatch clock = Stopwatch.StartNew();
        int n = rows.Length / features;
        int t = settings.WindowLength;
        int firstEnd = (t * dilation) - 1; // first row whose window is complete
        float[] means = new float[rows.Length]; // (N, D) causal rolling mean over `dilation` rows
        for (int d = 0; d < features; d++)
        {
            double sum = 0.0;
            for (int row = 0; row < n; row++)
            {
                sum += rows[(row * features) + d];
                if (row >= dilation)
                {
                    sum -= rows[((row - dilation) * features) + d];
                }

                means[(row * features) + d] = (float)(sum / Math.Min(row + 1, dilation));
            }
        }

        int trainEnds = trainRows - firstEnd;
        if (trainEnds < 40)
        {
            return null;
        }

        int stride = Math.Max(1, (int)Math.Ceiling(trainEnds / (double)settings.MaxTrainWindows));
        List<int> ends = [.. Enumerable.Range(0, (trainEnds + stride - 1) / stride).Select(i => firstEnd + (i * stride))];
        float[] trainWindows = new float[ends.Count * t * features];
        for (int w = 0; w < ends.Count; w++)
        {
            Fill(means, features, t, dilation, ends[w], trainWindows.AsSpan(w * t * features, t * features));
        }

        string[] names = [.. Enumerable.Range(0, features).Select(d => "mean" + (d + 1).ToString(CultureInfo.InvariantCulture))];
        DetectorOptions options = Options(settings, trainRows) with { Stride = 1 };
        AnomalyDetector detector = AnomalyDetector.Train(trainWindows, ends.Count, names, options, null, cancellationToken);
        double trainSeconds = clock.Elapsed.TotalSeconds;

        double[] raw = new double[n];
        Array.Fill(raw, double.NaN);
        DetectorScorer scorer = detector.CreateScorer(Batch);
        float[] windows = new float[Batch * t * features];
        WindowScore[] results = new WindowScore[Batch];
        for (int first = firstEnd; first < n; first += Batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int batch = Math.Min(Batch, n - first);
            for (int b = 0; b < batch; b++)
            {
                Fill(means, features, t, dilation, first + b, windows.AsSpan(b * t * features, t * features));
            }

            scorer.Score(windows.AsSpan(0, batch * t * features), batch, results.AsSpan(0, batch), [], []);
            for (int b = 0; b < batch; b++)
            {
                raw[first + b] = results[b].Status == WindowStatus.Refused ? double.NaN : results[b].Score;
            }
        }

        int calibrationStart = ends[ends.Count - (int)Math.Round(ends.Count * options.CalibrationFraction)];
        return new DetectorRawScores(raw, calibrationStart, detector, trainSeconds);
    }

    // window (T, D) ending at `end`: step j is the rolling mean at row end − (T − 1 − j)·dilation.
    private static void Fill(float[] means, int features, int t, int dilation, int end, Span<float> window)
    {
        for (int j = 0; j < t; j++)
        {
            means.AsSpan((end - ((t - 1 - j) * dilation)) * features, features).CopyTo(window[(j * features)..]);
        }
    }
}
