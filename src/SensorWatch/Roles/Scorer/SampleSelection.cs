namespace SensorWatch.Roles.Scorer;

/// <summary>
/// Which scored windows go to the samples topic (<c>Worker:SampleFraction</c>). A window the trainer's contamination
/// guard and feedback need is always taken: one scored anomalous, or one of a sensor with an alert open (from the
/// window that opens it to the one that resolves it; alert transitions themselves are always forwarded). Of the rest
/// a fraction f is taken, chosen by a hash of (sensorId, window start): deterministic, so every replica and every
/// replay of a window makes the same choice, and uniform over sensors and time (no sensor or phase is favoured).
/// </summary>
internal sealed class SampleSelection
{
    // A window is taken when the top 53 bits of its hash, read as a fraction of 2^53, are below f.
    private const double TwoTo53 = 9007199254740992.0;

    private readonly ulong _limit;   // take when hash >> 11 < _limit
    private readonly bool _all;

    public SampleSelection(double fraction)
    {
        if (!(fraction is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "the sample fraction must be 0 to 1");
        }

        _all = fraction >= 1;
        _limit = (ulong)(fraction * TwoTo53);
        Fraction = fraction;
    }

    public double Fraction { get; }

    /// <summary>True when the window goes to the samples topic.</summary>
    public bool Takes(string sensorId, long startMs, bool anomalous, bool alertOpen) =>
        anomalous || alertOpen || _all || (Hash(sensorId, startMs) >> 11) < _limit;

    /// <summary>
    /// A stable 64-bit hash of (sensorId, startMs): FNV-1a over the id's UTF-16 code units and the start's 8 bytes, then
    /// the SplitMix64 finaliser (Steele et al., 2014) so that nearby starts of one sensor spread over the whole range.
    /// Not <see cref="string.GetHashCode()"/>, which is randomised per process.
    /// </summary>
    public static ulong Hash(string sensorId, long startMs)
    {
        const ulong Prime = 1099511628211;
        ulong hash = 14695981039346656037;
        foreach (char c in sensorId)
        {
            hash = (hash ^ c) * Prime;
        }

        ulong start = (ulong)startMs;
        for (int shift = 0; shift < 64; shift += 8)
        {
            hash = (hash ^ ((start >> shift) & 0xFF)) * Prime;
        }

        hash ^= hash >> 30;
        hash *= 0xBF58476D1CE4E5B9;
        hash ^= hash >> 27;
        hash *= 0x94D049BB133111EB;
        return hash ^ (hash >> 31);
    }
}
