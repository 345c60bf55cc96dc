namespace SensorWatch.Core.Scoring;

/// <summary>
/// Keeps the onset of an excursion and damps its continuation: a score passes unchanged when it exceeds every score of
/// the previous <c>refractoryRows</c> rows, and is multiplied by <c>damping</c> otherwise.
/// </summary>
/// <remarks>
/// For any threshold θ the rows at or above θ after this filter are (for damping · s &lt; θ) exactly the rows where the
/// score first rises through θ after at least <c>refractoryRows</c> rows below it: one detection per episode, which is
/// what an operator's pager (and NAB's scoring, where only the first detection in a window counts and every further one
/// outside it costs) rewards. Uses only past rows. A monotone deque gives the running maximum in O(1) amortised.
/// </remarks>
internal sealed class OnsetEmphasis
{
    private readonly int _refractoryRows;
    private readonly double _damping;
    private readonly LinkedList<(long Row, double Score)> _maxima = new();
    private readonly double _decay;
    private double _decayedMax = double.NegativeInfinity;
    private long _row;

    /// <param name="refractoryRows">Rows of the sliding maximum (used when <paramref name="halfLifeRows"/> is 0).</param>
    /// <param name="damping">Factor applied to a score that does not exceed the recent maximum.</param>
    /// <param name="halfLifeRows">When &gt; 0, the recent maximum instead decays by half every this many rows
    /// (M_t = max(γ·M_{t−1}, s_t), γ = 2^(−1/halfLife)): a big peak suppresses smaller ones for longer.</param>
    public OnsetEmphasis(int refractoryRows, double damping, double halfLifeRows = 0)
    {
        if (refractoryRows < 0 || damping is < 0 or > 1)
        {
            throw new ArgumentException($"need refractoryRows ≥ 0 ({refractoryRows}) and damping in [0, 1] ({damping}).");
        }

        _refractoryRows = refractoryRows;
        _damping = damping;
        _decay = halfLifeRows > 0 ? Math.Pow(2.0, -1.0 / halfLifeRows) : 0.0;
    }

    /// <summary>The filtered score of the next row.</summary>
    public double Next(double score)
    {
        if (_decay > 0)
        {
            double decayed = _decayedMax * _decay;
            _decayedMax = Math.Max(decayed, score);
            return score > decayed ? score : score * _damping;
        }

        while (_maxima.First is { } first && first.Value.Row < _row - _refractoryRows)
        {
            _maxima.RemoveFirst();
        }

        double recentMax = _maxima.First?.Value.Score ?? double.NegativeInfinity;
        double output = score > recentMax ? score : score * _damping;
        while (_maxima.Last is { } last && last.Value.Score <= score)
        {
            _maxima.RemoveLast();
        }

        if (_refractoryRows > 0)
        {
            _maxima.AddLast((_row, score));
        }

        _row++;
        return output;
    }
}
