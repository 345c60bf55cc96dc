namespace SensorWatch.Roles.Scorer;

/// <summary>
/// A trained model of one model key as the scorer loop sees it (the seam between the loop and the detector).
/// Immutable and thread-safe; scoring goes through a per-thread <see cref="IBatchScorer"/>.
/// </summary>
internal interface IScoringModel
{
    string ModelKey { get; }

    string Version { get; }

    /// <summary>The version as a number (for the model-version gauge and health).</summary>
    long VersionNumber { get; }

    /// <summary>When the model was trained (for the model-age gauge).</summary>
    DateTimeOffset TrainedAt { get; }

    /// <summary>T: steps per window.</summary>
    int WindowLength { get; }

    /// <summary>D: features per step.</summary>
    int Features { get; }

    /// <summary>Z: latent code size (0 when the model has none to report).</summary>
    int LatentSize { get; }

    /// <summary>Feature names in column order (D of them).</summary>
    IReadOnlyList<string> FeatureNames { get; }

    /// <summary>The calibrated threshold (for status displays).</summary>
    double Threshold { get; }

    IBatchScorer CreateScorer(int maxBatch);

    /// <summary>A scorer that splits large batches over <paramref name="threads"/> cores (0 = one per processor).</summary>
    IBatchScorer CreateScorer(int maxBatch, int threads) => CreateScorer(maxBatch);
}
