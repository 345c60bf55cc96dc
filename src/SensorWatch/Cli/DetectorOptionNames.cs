using SensorWatch.Core.Model;
using SensorWatch.Core.Scoring;
using SensorWatch.Core.Thresholds;

namespace SensorWatch.Cli;

/// <summary>The command-line spellings of the detector's enums.</summary>
internal static class DetectorOptionNames
{
    public static readonly string[] Variants = ["plain", "denoising", "sparse", "variational"];
    public static readonly string[] ScoreModes = ["auto", "mse", "max", "mahalanobis", "nll"];
    public static readonly string[] ThresholdMethods = ["pot", "quantile"];

    public static AutoencoderVariant Variant(string name) => name switch
    {
        "denoising" => AutoencoderVariant.Denoising,
        "sparse" => AutoencoderVariant.Sparse,
        "variational" => AutoencoderVariant.Variational,
        _ => AutoencoderVariant.Plain,
    };

    public static ScoreMode? ScoreMode(string name) => name switch
    {
        "mse" => Core.Scoring.ScoreMode.MeanSquaredError,
        "max" => Core.Scoring.ScoreMode.MaxStepError,
        "mahalanobis" => Core.Scoring.ScoreMode.Mahalanobis,
        "nll" => Core.Scoring.ScoreMode.GaussianNll,
        _ => null,
    };

    public static ThresholdMethod ThresholdMethod(string name) =>
        name == "quantile" ? Core.Thresholds.ThresholdMethod.Quantile : Core.Thresholds.ThresholdMethod.PeaksOverThreshold;
}
