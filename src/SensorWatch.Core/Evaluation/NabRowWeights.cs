namespace SensorWatch.Core.Evaluation;

/// <summary>
/// What a detection at each row of one file is worth under a profile (see <see cref="NabScorer"/> for the formulas):
/// a positive credit inside a window, a negative cost outside; and which counted window each row belongs to.
/// </summary>
internal sealed class NabRowWeights
{
    private NabRowWeights(double[] weight, int[] windowOf, int[] windowStart, int probationLength)
    {
        Weight = weight;
        WindowOf = windowOf;
        WindowStart = windowStart;
        ProbationLength = probationLength;
    }

    /// <summary>(N) the score a detection at the row adds: TP credit in a window, FP cost (negative) outside.</summary>
    public double[] Weight { get; }

    /// <summary>(N) index of the counted window holding the row, −1 outside every window.</summary>
    public int[] WindowOf { get; }

    /// <summary>(W) first row of each counted window.</summary>
    public int[] WindowStart { get; }

    /// <summary>Rows before this index are the probationary period and never scored.</summary>
    public int ProbationLength { get; }

    /// <summary>Windows with at least one row after the probationary period.</summary>
    public int CountedWindows => WindowStart.Length;

    /// <summary>Computes the row weights of <paramref name="series"/>; throws on NaN scores or bad windows.</summary>
    public static NabRowWeights Compute(NabSeries series, NabProfile profile)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(profile);
        int rows = series.Scores.Count;
        for (int i = 0; i < rows; i++)
        {
            if (double.IsNaN(series.Scores[i]))
            {
                throw new ArgumentException($"{series.Name}: the score at row {i} is NaN; every row needs a score.", nameof(series));
            }
        }

        int probation = NabScorer.ProbationLength(rows);
        double[] weight = new double[rows];
        int[] windowOf = new int[rows];
        Array.Fill(windowOf, -1);
        double maxCredit = NabScorer.ScaledSigmoid(-1.0);
        List<int> counted = [];
        int previousEnd = -1;
        int previousWidth = 0;
        int cursor = 0;
        foreach (LabelWindow window in series.Windows)
        {
            if (window.Start < 0 || window.End >= rows || window.End < window.Start || window.Start <= previousEnd)
            {
                throw new ArgumentException(
                    $"{series.Name}: window rows [{window.Start}, {window.End}] must be sorted, disjoint and inside 0..{rows - 1}.",
                    nameof(series));
            }

            FillOutside(weight, cursor, window.Start, previousEnd, previousWidth, profile);
            bool isCounted = window.End >= probation;
            double width = window.Length;
            for (int i = window.Start; i <= window.End; i++)
            {
                double position = -(window.End - i + 1) / width;
                weight[i] = profile.TruePositiveWeight * NabScorer.ScaledSigmoid(position) / maxCredit;
                windowOf[i] = isCounted ? counted.Count : -1;
            }

            if (isCounted)
            {
                counted.Add(Math.Max(window.Start, probation));
            }

            previousEnd = window.End;
            previousWidth = window.Length;
            cursor = window.End + 1;
        }

        FillOutside(weight, cursor, rows, previousEnd, previousWidth, profile);
        return new NabRowWeights(weight, windowOf, [.. counted], probation);
    }

    // Rows [from, to) lie outside every window; the nearest window before them ends at previousEnd (−1: none).
    private static void FillOutside(double[] weight, int from, int to, int previousEnd, int previousWidth, NabProfile profile)
    {
        for (int i = from; i < to; i++)
        {
            double unweighted = previousEnd < 0
                ? -1.0
                : NabScorer.ScaledSigmoid(Math.Abs(i - previousEnd) / (double)(previousWidth - 1));
            weight[i] = unweighted * profile.FalsePositiveWeight;
        }
    }
}
