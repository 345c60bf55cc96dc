using System.Globalization;
using System.Text;
using SensorWatch.Core.Scoring;

namespace SensorWatch.Cli;

/// <summary>Buffers of one scoring batch for the CLI and the formatting of its output rows.</summary>
internal sealed class Scored
{
    private readonly AnomalyDetector _detector;
    private readonly DetectorScorer _scorer;
    private readonly WindowScore[] _results;
    private readonly float[] _latent; // (B, Z) or empty
    private readonly bool _reconstruct;
    private readonly StringBuilder _line = new();

    public Scored(AnomalyDetector detector, int batch, bool latent, bool reconstruct)
    {
        _detector = detector;
        _scorer = detector.CreateScorer(batch);
        _results = new WindowScore[batch];
        Windows = new float[batch * detector.WindowLength * detector.FeatureCount];
        _latent = latent ? new float[batch * detector.Architecture.Latent] : [];
        _reconstruct = reconstruct;
        Reconstruction = reconstruct ? new float[Windows.Length] : [];
    }

    /// <summary>(B, T, D) raw windows to fill before <see cref="Run"/>.</summary>
    public float[] Windows { get; }

    /// <summary>(B, T, D) reconstruction in sensor units after <see cref="Run"/> (when asked for).</summary>
    public float[] Reconstruction { get; }

    public void Run(int batch)
    {
        _scorer.Score(Windows.AsSpan(0, batch * _detector.WindowLength * _detector.FeatureCount), batch, _results, default, _latent.Length == 0 ? default : _latent.AsSpan(0, batch * _detector.Architecture.Latent));
        if (_reconstruct)
        {
            _scorer.CopyReconstruction(Reconstruction);
        }
    }

    public string Format(int k, string key, bool perWindow)
    {
        WindowScore r = _results[k];
        string top = r.TopFeature >= 0 ? _detector.FeatureNames[r.TopFeature] : string.Empty;
        _line.Clear();
        _line.Append(key).Append(',').Append(r.Score.ToString("R", CultureInfo.InvariantCulture))
            .Append(',').Append(r.Threshold.ToString("R", CultureInfo.InvariantCulture))
            .Append(',').Append(r.Anomalous ? '1' : '0');
        if (perWindow)
        {
            _line.Append(',').Append(r.Severity.ToString("F1", CultureInfo.InvariantCulture))
                .Append(',').Append(r.Status.ToString().ToLowerInvariant())
                .Append(',').Append(r.Reason == RefusalReason.None ? string.Empty : r.Reason.ToString());
        }

        _line.Append(',').Append(top);
        if (_latent.Length > 0)
        {
            int z = _detector.Architecture.Latent;
            for (int i = 0; i < z; i++)
            {
                _line.Append(',').Append(_latent[(k * z) + i].ToString("G7", CultureInfo.InvariantCulture));
            }
        }

        return _line.ToString();
    }
}
