using SensorWatch.Core.Model;
using SensorWatch.Core.Scoring;
using SensorWatch.Core.Thresholds;

namespace SensorWatch.Core.Snapshots;

/// <summary>The JSON header of a model file (docs/model-format.md). Every field is required unless nullable.</summary>
internal sealed class SnapshotHeader
{
    public string Format { get; set; } = "sensorwatch-model";

    public ArchitectureSection? Architecture { get; set; }

    public List<string>? FeatureNames { get; set; }

    public NormalisationSection? Normalisation { get; set; }

    public ScoringSection? Scoring { get; set; }

    public ThresholdCalibration? Threshold { get; set; }

    public ImputationSection? Imputation { get; set; }

    public TrainingMetadata? Training { get; set; }

    public List<TensorEntry>? Tensors { get; set; }

    /// <summary>Optional: per-feature stuck-run limits (absent in models without the rule).</summary>
    public int[]? FlatlineLimits { get; set; }

    internal sealed class ArchitectureSection
    {
        public int Features { get; set; }

        public int WindowLength { get; set; }

        public int Hidden { get; set; }

        public int Layers { get; set; }

        public int Latent { get; set; }

        public AutoencoderVariant Variant { get; set; }
    }

    internal sealed class NormalisationSection
    {
        public double[]? Means { get; set; }

        public double[]? Scales { get; set; }

        public float Clip { get; set; }
    }

    internal sealed class ScoringSection
    {
        public ScoreMode Mode { get; set; }

        public int TailSteps { get; set; }

        public double[]? ErrorMean { get; set; }

        public double[]? ErrorVariance { get; set; }

        public double[]? Precision { get; set; }

        public double Shrinkage { get; set; }

        /// <summary>Optional (format version 2): the residual predictor; null (not written) = the per-step score alone.</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public ResidualSection? Residual { get; set; }
    }

    internal sealed class ResidualSection
    {
        public int Lags { get; set; }

        public double[]? Coefficients { get; set; }

        public double[]? InnovationMean { get; set; }

        public double[]? InnovationVariance { get; set; }

        public double ErrorScale { get; set; }

        public double ResidualScale { get; set; }
    }

    internal sealed class ImputationSection
    {
        public double MaxMissingFraction { get; set; }

        public int Iterations { get; set; }
    }

    internal sealed class TensorEntry
    {
        public string? Name { get; set; }

        public int[]? Shape { get; set; }
    }
}
