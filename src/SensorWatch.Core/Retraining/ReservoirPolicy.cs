namespace SensorWatch.Core.Retraining;

/// <summary>How the reservoir of an <see cref="AcceptedSample"/> forgets.</summary>
internal enum ReservoirPolicy
{
    /// <summary>
    /// Vitter's Algorithm R: a uniform sample of everything admitted since the start. Keeps rare normal modes from long
    /// ago, but after a long run a gradual drift is learned slowly (old windows dominate).
    /// </summary>
    Uniform,

    /// <summary>
    /// Aggarwal's biased reservoir with λ = 1/ReservoirSize (VLDB 2006, "On biased reservoir sampling in the presence of
    /// stream evolution"): once full, every admitted window replaces a uniformly chosen slot, so a window survives k
    /// later admissions with probability (1 − 1/n)^k ≈ e^(−k/n): the sample follows the last ~n admitted windows with
    /// an exponential tail. Tracks gradual drift.
    /// </summary>
    Exponential,
}
