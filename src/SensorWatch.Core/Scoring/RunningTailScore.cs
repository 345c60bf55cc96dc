using MathNet.Numerics;

namespace SensorWatch.Core.Scoring;

/// <summary>
/// Per-series calibration of raw window scores while streaming: turns each raw score into a rarity score in [0, 1)
/// under the distribution of the raw scores seen before it (an anomaly likelihood in the sense of Ahmad et al., 2017).
/// </summary>
/// <remarks>
/// With y = ln(r + ε) for raw score r (reconstruction errors are heavy-tailed and multiplicative; the log makes them
/// close to Gaussian), μ and σ the mean and standard deviation of y over the last <c>historyLength</c> rows
/// (excluding the current one), and ȳ the mean of the last <c>averageLength</c> values of y (including the current one):
/// z = (ȳ − μ) / max(σ, σ_min), the tail probability is Q(z) = ½ erfc(z / √2) and the score is
/// s = d / (d + K) with d = −log10 Q(z) the decades of rarity and K = <c>rarityScale</c> (d = K gives s = ½).
/// The map keeps resolution where it matters: Q = 1e-3 and Q = 1e-9 stay apart (0.5 vs 0.75 with K = 3) where Φ(z)
/// would round both to 1. For z &gt; 30, −ln Q uses the asymptotic z²/2 + ln(z √(2π)).
/// Because the history rolls, a lasting change of level stops being rare after a while: the score reports the onset.
/// The score at a row depends only on rows up to it.
/// </remarks>
internal sealed class RunningTailScore
{
    private readonly double[] _history;
    private readonly double[] _recent;
    private readonly double _rarityScale;
    private readonly double _minimumSpread;
    private readonly TailTransform _transform;
    private readonly bool _rangeMode;
    private readonly LinkedList<(long Index, double Value)> _maxima = new();
    private long _pushed;
    private double _epsilon;
    private int _historyCount;
    private int _historyNext;
    private int _recentCount;
    private int _recentNext;
    private double _sum;
    private double _sumSquares;
    private int _sinceRecompute;

    /// <param name="historyLength">Rows whose raw scores form the reference distribution.</param>
    /// <param name="averageLength">Rows averaged into ȳ (1 = no smoothing).</param>
    /// <param name="rarityScale">K: decades of rarity mapped to a score of ½.</param>
    /// <param name="minimumSpread">σ_min, in natural-log units of the raw score.</param>
    /// <param name="transform">How raw scores are mapped before the Gaussian fit.</param>
    /// <param name="rangeMode">Score the excess over the history's range instead of a Gaussian tail: with M the largest y of
    /// the history, q = (ȳ − μ) / max(M − μ, σ_min), and s = q / (1 + q) for q &gt; 0 (s &gt; ½: a new record for the history).</param>
    public RunningTailScore(int historyLength, int averageLength, double rarityScale, double minimumSpread, TailTransform transform = TailTransform.Log,
        bool rangeMode = false)
    {
        if (historyLength < 2 || averageLength < 1 || !(rarityScale > 0) || !(minimumSpread > 0))
        {
            throw new ArgumentException(
                $"need historyLength ≥ 2 ({historyLength}), averageLength ≥ 1 ({averageLength}), rarityScale > 0 ({rarityScale}), minimumSpread > 0 ({minimumSpread}).");
        }

        _history = new double[historyLength];
        _recent = new double[averageLength];
        _rarityScale = rarityScale;
        _minimumSpread = minimumSpread;
        _transform = transform;
        _rangeMode = rangeMode;
    }

    /// <summary>ε of y = ln(r + ε): set from the seed scores (a tenth of their median) when seeding, else 1e-12.</summary>
    public double Epsilon => _epsilon;

    /// <summary>The last z computed by <see cref="Next"/>.</summary>
    public double LastZ { get; private set; }

    /// <summary>Starts the history with raw scores of held-out normal windows (the calibration split of the cold start).</summary>
    public void Seed(ReadOnlySpan<double> rawScores)
    {
        double[] finite = [.. rawScores.ToArray().Where(double.IsFinite)];
        Array.Sort(finite);
        _epsilon = finite.Length == 0 ? 1e-12 : Math.Max(1e-12, 0.1 * Math.Abs(finite[finite.Length / 2]));
        foreach (double raw in rawScores)
        {
            if (double.IsFinite(raw))
            {
                Push(Transform(raw));
            }
        }
    }

    /// <summary>The score of the next row's raw score (NaN raw: the row is skipped and scores 0).</summary>
    public double Next(double raw)
    {
        if (!double.IsFinite(raw))
        {
            return 0.0;
        }

        double y = Transform(raw);
        _recent[_recentNext] = y;
        _recentNext = (_recentNext + 1) % _recent.Length;
        _recentCount = Math.Min(_recentCount + 1, _recent.Length);
        double average = 0.0;
        for (int i = 0; i < _recentCount; i++)
        {
            average += _recent[i];
        }

        average /= _recentCount;
        double score = 0.0;
        if (_historyCount >= 2)
        {
            double mean = _sum / _historyCount;
            double variance = Math.Max(0.0, (_sumSquares / _historyCount) - (mean * mean));
            if (_rangeMode)
            {
                double max = _maxima.First!.Value.Value;
                double q = (average - mean) / Math.Max(max - mean, _minimumSpread);
                LastZ = q;
                score = q <= 0 ? 0.0 : q / (1.0 + q);
            }
            else
            {
                double z = (average - mean) / Math.Max(Math.Sqrt(variance), _minimumSpread);
                LastZ = z;
                double decades = -LogTail(z) / Math.Log(10.0);
                score = decades <= 0 ? 0.0 : decades / (decades + _rarityScale);
            }
        }

        Push(y);
        return score;
    }

    /// <summary>ln Q(z), Q the standard normal upper tail, accurate far into the tail.</summary>
    public static double LogTail(double z) =>
        z > 30.0 ? (-0.5 * z * z) - Math.Log(z * Math.Sqrt(2.0 * Math.PI)) : Math.Log(0.5 * SpecialFunctions.Erfc(z / Math.Sqrt(2.0)));

    private double Transform(double raw) => _transform switch
    {
        TailTransform.SquareRoot => Math.Sqrt(Math.Max(raw, 0.0)),
        TailTransform.Identity => raw,
        _ => Math.Log(Math.Max(raw, 0.0) + (_epsilon > 0 ? _epsilon : 1e-12)),
    };

    private void Push(double y)
    {
        if (_historyCount == _history.Length)
        {
            double old = _history[_historyNext];
            _sum -= old;
            _sumSquares -= old * old;
        }
        else
        {
            _historyCount++;
        }

        while (_maxima.First is { } first && first.Value.Index <= _pushed - _history.Length)
        {
            _maxima.RemoveFirst();
        }

        while (_maxima.Last is { } last && last.Value.Value <= y)
        {
            _maxima.RemoveLast();
        }

        _maxima.AddLast((_pushed, y));
        _pushed++;
        _history[_historyNext] = y;
        _historyNext = (_historyNext + 1) % _history.Length;
        _sum += y;
        _sumSquares += y * y;
        if (++_sinceRecompute >= _history.Length)
        {
            // Rolling sums drift; recompute them exactly once per full turn of the ring.
            _sinceRecompute = 0;
            _sum = 0.0;
            _sumSquares = 0.0;
            for (int i = 0; i < _historyCount; i++)
            {
                _sum += _history[i];
                _sumSquares += _history[i] * _history[i];
            }
        }
    }
}
