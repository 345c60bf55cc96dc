namespace SensorWatch.Core.Evaluation;

/// <summary>
/// The Numenta Anomaly Benchmark score, implemented from its published description (Lavin and Ahmad 2015,
/// "Evaluating Real-time Anomaly Detection Algorithms: the Numenta Anomaly Benchmark", arXiv:1510.03336, section 3).
/// </summary>
/// <remarks>
/// A row is a detection when its score is at or above the threshold. Rows of the probationary period
/// (the first <see cref="ProbationLength"/> rows of each file) are neither credited nor penalised.
/// <list type="bullet">
/// <item>Inside a window of width w ending at row r, a detection at row i sits at relative position
/// p = −(r − i + 1) / w ∈ [−1, 0) and is worth A_TP · σ(p) / σ(−1), where σ(p) = 2 / (1 + e^{5p}) − 1 is NAB's
/// scaled sigmoid (so the first row earns exactly A_TP and the credit falls towards 0 at the right edge).
/// Only the earliest detection in a window counts (it has the largest credit).</item>
/// <item>Outside every window a detection costs A_FP · σ(p): before the first window σ = −1 (full cost); after a
/// window of width w ending at r, p = |i − r| / (w − 1), so a detection just after the window costs almost nothing and
/// the cost grows to the full A_FP further away (σ is clamped to −1 for p &gt; 3).</item>
/// <item>A window without detection costs −A_FN.</item>
/// </list>
/// The corpus score is normalised as 100 · (S − S_null) / (S_perfect − S_null) with S_null = −A_FN · windows (never
/// detects) and S_perfect = A_TP · windows (detects every window at its first row, nothing else). One threshold per
/// profile is chosen to maximise the raw corpus score, by an exact sweep over every distinct score.
/// </remarks>
internal static class NabScorer
{
    /// <summary>Share of each file's rows that form the probationary period.</summary>
    public const double ProbationFraction = 0.15;

    /// <summary>Cap on the probationary period, as NAB's scorer applies it (0.15 × 5000 rows).</summary>
    public const int ProbationCap = 750;

    /// <summary>The probationary period of a file of <paramref name="rows"/> rows: min(floor(0.15 · rows), 750).</summary>
    public static int ProbationLength(int rows) => Math.Min((int)Math.Floor(ProbationFraction * rows), ProbationCap);

    /// <summary>NAB's scaled sigmoid σ(p) = 2 / (1 + e^{5p}) − 1, clamped to −1 for p &gt; 3. σ(0) = 0, σ(−1) ≈ 0.9866.</summary>
    public static double ScaledSigmoid(double relativePosition) =>
        relativePosition > 3.0 ? -1.0 : (2.0 / (1.0 + Math.Exp(5.0 * relativePosition))) - 1.0;

    /// <summary>Scores every profile with its own corpus-optimised threshold.</summary>
    public static IReadOnlyList<NabCorpusScore> ScoreAllProfiles(IReadOnlyList<NabSeries> corpus) =>
        [.. NabProfile.All.Select(profile => Score(corpus, profile))];

    /// <summary>Scores the corpus with the threshold that maximises its raw score under <paramref name="profile"/>.</summary>
    public static NabCorpusScore Score(IReadOnlyList<NabSeries> corpus, NabProfile profile) =>
        ScoreAtThreshold(corpus, profile, OptimiseThreshold(corpus, profile));

    /// <summary>
    /// The threshold that maximises the raw corpus score: the highest among the best when several tie, and
    /// <see cref="double.PositiveInfinity"/> when detecting nothing is best.
    /// </summary>
    public static double OptimiseThreshold(IReadOnlyList<NabSeries> corpus, NabProfile profile)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(profile);
        List<(double Score, double Weight, int Window)> rows = [];
        int windowCount = 0;
        foreach (NabSeries series in corpus)
        {
            NabRowWeights weights = NabRowWeights.Compute(series, profile);
            for (int i = weights.ProbationLength; i < series.Scores.Count; i++)
            {
                int window = weights.WindowOf[i];
                rows.Add((series.Scores[i], weights.Weight[i], window < 0 ? -1 : windowCount + window));
            }

            windowCount += weights.CountedWindows;
        }

        rows.Sort((a, b) => b.Score.CompareTo(a.Score));
        double[] bestCredit = new double[windowCount];
        bool[] detected = new bool[windowCount];
        double current = -profile.FalseNegativeWeight * windowCount;
        double best = current;
        double bestThreshold = double.PositiveInfinity;
        for (int i = 0; i < rows.Count; i++)
        {
            (double score, double weight, int window) = rows[i];
            if (window < 0)
            {
                current += weight;
            }
            else if (!detected[window])
            {
                detected[window] = true;
                bestCredit[window] = weight;
                current += weight + profile.FalseNegativeWeight;
            }
            else if (weight > bestCredit[window])
            {
                current += weight - bestCredit[window];
                bestCredit[window] = weight;
            }

            bool lastOfTie = i == rows.Count - 1 || rows[i + 1].Score != score;
            if (lastOfTie && current > best)
            {
                best = current;
                bestThreshold = score;
            }
        }

        return bestThreshold;
    }

    /// <summary>Scores the corpus at a fixed threshold (a row is a detection when score &gt;= threshold).</summary>
    public static NabCorpusScore ScoreAtThreshold(IReadOnlyList<NabSeries> corpus, NabProfile profile, double threshold)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(profile);
        List<NabFileScore> files = new(corpus.Count);
        int windows = 0;
        foreach (NabSeries series in corpus)
        {
            NabFileScore file = ScoreFile(series, profile, threshold);
            files.Add(file);
            windows += file.Windows;
        }

        double raw = files.Sum(f => f.RawScore);
        double nullScore = -profile.FalseNegativeWeight * windows;
        double perfect = profile.TruePositiveWeight * windows;
        double normalised = perfect > nullScore ? 100.0 * (raw - nullScore) / (perfect - nullScore) : 0.0;
        return new NabCorpusScore(profile, threshold, raw, nullScore, perfect, normalised, files);
    }

    /// <summary>One file's raw score and counts at a fixed threshold.</summary>
    public static NabFileScore ScoreFile(NabSeries series, NabProfile profile, double threshold)
    {
        ArgumentNullException.ThrowIfNull(series);
        NabRowWeights weights = NabRowWeights.Compute(series, profile);
        int[] firstDetection = new int[weights.CountedWindows];
        Array.Fill(firstDetection, -1);
        double raw = 0.0;
        int falsePositives = 0;
        for (int i = weights.ProbationLength; i < series.Scores.Count; i++)
        {
            if (series.Scores[i] < threshold)
            {
                continue;
            }

            int window = weights.WindowOf[i];
            if (window < 0)
            {
                raw += weights.Weight[i];
                falsePositives++;
            }
            else if (firstDetection[window] < 0)
            {
                firstDetection[window] = i;
                raw += weights.Weight[i];
            }
        }

        int truePositives = firstDetection.Count(row => row >= 0);
        int falseNegatives = weights.CountedWindows - truePositives;
        raw -= profile.FalseNegativeWeight * falseNegatives;
        List<int> delays = [];
        for (int w = 0; w < firstDetection.Length; w++)
        {
            if (firstDetection[w] >= 0)
            {
                delays.Add(firstDetection[w] - weights.WindowStart[w]);
            }
        }

        return new NabFileScore(series.Name, raw, truePositives, falsePositives, falseNegatives, weights.CountedWindows, delays);
    }
}
