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
    private long _row;

    public OnsetEmphasis(int refractoryRows, double damping)
    {
        if (refractoryRows < 0 || damping is < 0 or > 1)
        {
            throw new ArgumentException($"need refractoryRows ≥ 0 ({refractoryRows}) and damping in [0, 1] ({damping}).");
        }

        _refractoryRows = refractoryRows;
        _damping = damping;
    }

    /// <summary>The filtered score of the next row.</summary>
    public double Next(double score)
    {
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
