using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SensorWatch.Core.Scoring;
using SensorWatch.Core.Training;

namespace SensorWatch.Core.Retraining;

/// <summary>
/// The <see cref="DetectorOptions"/> of a retrain candidate, derived from the served detector so the candidate has the
/// same architecture, score mode, tail, threshold method, target rate and imputation settings; only the weights
/// (warm start), standardiser, score statistics and threshold are refitted on the accepted-normal sample.
/// </summary>
internal static class CandidateOptions
{
    /// <summary>Options for a candidate of <paramref name="current"/> with <paramref name="seed"/> and <paramref name="lineage"/>.</summary>
    public static DetectorOptions From(AnomalyDetector current, RetrainingOptions options, int seed, IReadOnlyDictionary<string, string> lineage)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(options);
        int tail = current.Statistics.TailSteps;
        return new DetectorOptions
        {
            WindowLength = current.WindowLength,
            Hidden = current.Architecture.Hidden,
            Layers = current.Architecture.Layers,
            Latent = current.Architecture.Latent,
            Variant = current.Architecture.Variant,
            ScoreMode = current.Statistics.Mode,
            ScoreTail = tail >= current.WindowLength ? 0 : tail,
            ResidualLags = current.Statistics.Residual?.Lags ?? 0,
            ThresholdMethod = current.Calibration.Method,
            TargetFalseAlarmRate = current.Calibration.TargetFalseAlarmRate,
            MaxMissingFraction = current.MaxMissingFraction,
            ImputationIterations = current.ImputationIterations,
            Clip = current.Standardizer.Clip,
            InitialModel = options.WarmStart ? current.Model : null,
            Training = new TrainingOptions
            {
                Epochs = options.Epochs,
                BatchSize = options.BatchSize,
                LearningRate = options.LearningRate,
                Threads = options.Threads,
                Seed = seed,
                Patience = 3,
            },
            Lineage = lineage,
        };
    }

    /// <summary>A short stable hash (16 hex digits of SHA-256) of the retraining options, stored in the lineage.</summary>
    public static string ConfigHash(RetrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string text = string.Create(CultureInfo.InvariantCulture, $"{options}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }
}
