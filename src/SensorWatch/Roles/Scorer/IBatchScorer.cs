namespace SensorWatch.Roles.Scorer;

/// <summary>Scores batches of raw windows with one model; not thread-safe, allocation-free after creation.</summary>
internal interface IBatchScorer
{
    /// <summary>
    /// windows (B, T, D) raw values, NaN = missing; results (B); contributions (B, D) share of the error per feature;
    /// latent (B, Z) or empty.
    /// </summary>
    void Score(ReadOnlySpan<float> windows, int batch, Span<WindowResult> results, Span<float> contributions, Span<float> latent);
}
