using SensorWatch.Core.Model;

namespace SensorWatch.Core.Scoring;

/// <summary>
/// Scores batches of raw windows with one <see cref="AnomalyDetector"/>. Not thread-safe: one per thread.
/// Allocates everything in the constructor; <see cref="Score"/> allocates nothing.
/// </summary>
/// <remarks>
/// Per window: count missing (NaN) cells; ±∞, more than <see cref="AnomalyDetector.MaxMissingFraction"/> missing, or a
/// feature missing at every step → Refused with a reason. Otherwise standardise; missing cells start at the feature
/// mean (0) and are replaced <see cref="AnomalyDetector.ImputationIterations"/> times by the model's reconstruction of
/// the window (an EM-like fixed-point iteration: the model fills the gaps with what it finds most normal), then the
/// window is scored with errors of the imputed cells set to 0 and flagged Imputed.
/// </remarks>
public sealed class DetectorScorer
{
    private readonly AnomalyDetector _detector;
    private readonly InferenceWorkspace _workspace;
    private readonly float[] _x; // (maxB, T, D) standardised input, gaps filled
    private readonly float[] _reconstruction; // (maxB, T, D)
    private readonly float[] _imputeX; // (maxB, T, D) compact batch of windows with gaps
    private readonly float[] _imputeReconstruction; // (maxB, T, D)
    private readonly int[] _imputeIndex; // (maxB) their positions in the batch
    private readonly float[] _errors; // (T, D) one window's errors
    private readonly float[] _contributions; // (D)
    private readonly double[] _scratch; // (3D)
    private readonly int[] _missingPerFeature; // (D)
    private readonly bool[] _missing; // (maxB, T, D) true where the raw cell was NaN
    private int _lastBatch;

    internal DetectorScorer(AnomalyDetector detector, int maxBatch, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _detector = detector;
        MaxBatch = maxBatch;
        int window = detector.WindowLength * detector.FeatureCount;
        _workspace = detector.Model.CreateWorkspace(maxBatch, threads);
        _x = new float[maxBatch * window];
        _reconstruction = new float[maxBatch * window];
        _imputeX = new float[maxBatch * window];
        _imputeReconstruction = new float[maxBatch * window];
        _imputeIndex = new int[maxBatch];
        _errors = new float[window];
        _contributions = new float[detector.FeatureCount];
        _scratch = new double[3 * detector.FeatureCount];
        _missingPerFeature = new int[detector.FeatureCount];
        _missing = new bool[maxBatch * window];
    }

    /// <summary>Largest batch per call.</summary>
    public int MaxBatch { get; }

    /// <summary>The detector this scorer uses.</summary>
    public AnomalyDetector Detector => _detector;

    /// <summary>
    /// Scores raw windows (B, T, D) (sensor units, NaN = missing). Fills <paramref name="results"/> (B);
    /// <paramref name="contributions"/> (B, D) error shares and <paramref name="latent"/> (B, Z) codes may be empty.
    /// </summary>
    public void Score(ReadOnlySpan<float> windows, int batch, Span<WindowScore> results, Span<float> contributions, Span<float> latent)
    {
        int t = _detector.WindowLength, d = _detector.FeatureCount, window = t * d, z = _detector.Architecture.Latent;
        if (batch < 0 || batch > MaxBatch || windows.Length < batch * window || results.Length < batch
            || (!contributions.IsEmpty && contributions.Length < batch * d) || (!latent.IsEmpty && latent.Length < batch * z))
        {
            throw new ArgumentException(
                $"Score(batch {batch}): expected batch ≤ {MaxBatch}, windows ≥ {batch}×{t}×{d}, results ≥ {batch}, contributions empty or ≥ {batch}×{d}, latent empty or ≥ {batch}×{z}; found windows {windows.Length}, results {results.Length}, contributions {contributions.Length}, latent {latent.Length}.");
        }

        _lastBatch = batch;
        if (batch == 0)
        {
            return;
        }

        int imputeCount = Prepare(windows, batch, results);
        Impute(imputeCount);
        _detector.Model.Reconstruct(_x.AsSpan(0, batch * window), batch, _reconstruction.AsSpan(0, batch * window), latent.IsEmpty ? default : latent[..(batch * z)], _workspace);
        for (int b = 0; b < batch; b++)
        {
            WindowScore verdict = results[b];
            if (verdict.Status == WindowStatus.Refused)
            {
                if (!contributions.IsEmpty)
                {
                    contributions.Slice(b * d, d).Clear();
                }

                continue;
            }

            bool imputed = verdict.Status == WindowStatus.Imputed;
            for (int i = 0; i < window; i++)
            {
                _errors[i] = imputed && _missing[(b * window) + i] ? 0f : _reconstruction[(b * window) + i] - _x[(b * window) + i];
            }

            double score = _detector.Statistics.Score(_errors, _contributions, _scratch, imputed ? _missing.AsSpan(b * window, window) : default);
            int top = 0;
            for (int f = 1; f < d; f++)
            {
                if (_contributions[f] > _contributions[top])
                {
                    top = f;
                }
            }

            if (!contributions.IsEmpty)
            {
                _contributions.AsSpan().CopyTo(contributions.Slice(b * d, d));
            }

            double threshold = _detector.Calibration.Threshold;
            if (_detector.Flatline is not null && double.IsFinite(threshold))
            {
                (double ratio, int stuck) = _detector.Flatline.Evaluate(windows.Slice(b * window, window));
                if (ratio >= 1 && threshold * ratio > score)
                {
                    score = threshold * ratio; // a stuck sensor: at least the threshold, growing with the run
                    top = stuck;
                }
            }

            results[b] = verdict with
            {
                Score = score,
                Threshold = threshold,
                Anomalous = score >= threshold,
                Severity = _detector.Calibration.Severity(score),
                TopFeature = top,
            };
        }
    }

    /// <summary>Writes the last batch's reconstruction (B, T, D), de-standardised to sensor units.</summary>
    public void CopyReconstruction(Span<float> destination)
    {
        int size = _lastBatch * _detector.WindowLength * _detector.FeatureCount;
        _reconstruction.AsSpan(0, size).CopyTo(destination);
        _detector.Standardizer.InverseTransform(destination[..size]);
    }

    /// <summary>Validates and standardises each window into _x; returns how many need imputation.</summary>
    private int Prepare(ReadOnlySpan<float> windows, int batch, Span<WindowScore> results)
    {
        int t = _detector.WindowLength, d = _detector.FeatureCount, window = t * d;
        int imputeCount = 0;
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> raw = windows.Slice(b * window, window);
            Span<float> x = _x.AsSpan(b * window, window);
            _missingPerFeature.AsSpan().Clear();
            int missing = 0;
            bool infinite = false;
            for (int i = 0; i < window; i++)
            {
                float v = raw[i];
                if (float.IsNaN(v))
                {
                    missing++;
                    _missingPerFeature[i % d]++;
                }
                else if (float.IsInfinity(v))
                {
                    infinite = true;
                }
            }

            float fraction = (float)missing / window;
            RefusalReason reason = infinite ? RefusalReason.NonFinite
                : fraction > _detector.MaxMissingFraction ? RefusalReason.TooManyMissing
                : missing > 0 && _missingPerFeature.AsSpan().Contains(t) ? RefusalReason.FeatureMissing
                : RefusalReason.None;
            if (reason != RefusalReason.None)
            {
                x.Clear();
                results[b] = new WindowScore(double.NaN, _detector.Calibration.Threshold, false, 0, WindowStatus.Refused, reason, -1, fraction);
                continue;
            }

            raw.CopyTo(x);
            _detector.Standardizer.Transform(x);
            if (missing > 0)
            {
                for (int i = 0; i < window; i++)
                {
                    bool gap = float.IsNaN(x[i]);
                    _missing[(b * window) + i] = gap;
                    if (gap)
                    {
                        x[i] = 0f;
                    }
                }

                _imputeIndex[imputeCount++] = b;
            }

            results[b] = new WindowScore(0, _detector.Calibration.Threshold, false, 0, missing > 0 ? WindowStatus.Imputed : WindowStatus.Scored, RefusalReason.None, -1, fraction);
        }

        return imputeCount;
    }

    private void Impute(int count)
    {
        if (count == 0)
        {
            return;
        }

        int window = _detector.WindowLength * _detector.FeatureCount;
        for (int k = 0; k < count; k++)
        {
            _x.AsSpan(_imputeIndex[k] * window, window).CopyTo(_imputeX.AsSpan(k * window, window));
        }

        for (int iteration = 0; iteration < _detector.ImputationIterations; iteration++)
        {
            _detector.Model.Reconstruct(_imputeX.AsSpan(0, count * window), count, _imputeReconstruction.AsSpan(0, count * window), default, _workspace);
            for (int k = 0; k < count; k++)
            {
                ReadOnlySpan<bool> gaps = _missing.AsSpan(_imputeIndex[k] * window, window);
                for (int i = 0; i < window; i++)
                {
                    if (gaps[i])
                    {
                        _imputeX[(k * window) + i] = _imputeReconstruction[(k * window) + i];
                    }
                }
            }
        }

        for (int k = 0; k < count; k++)
        {
            _imputeX.AsSpan(k * window, window).CopyTo(_x.AsSpan(_imputeIndex[k] * window, window));
        }
    }
}
