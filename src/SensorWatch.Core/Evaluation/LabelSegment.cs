namespace SensorWatch.Core.Evaluation;

/// <summary>A maximal run of rows labelled 1: rows <c>Start .. EndExclusive − 1</c>.</summary>
internal readonly record struct LabelSegment(int Start, int EndExclusive)
{
    /// <summary>Number of rows in the segment.</summary>
    public int Length => EndExclusive - Start;

    /// <summary>The maximal runs of <c>true</c> in <paramref name="flags"/>, in order.</summary>
    public static IReadOnlyList<LabelSegment> FindRuns(ReadOnlySpan<bool> flags)
    {
        List<LabelSegment> runs = [];
        int start = -1;
        for (int i = 0; i < flags.Length; i++)
        {
            if (flags[i] && start < 0)
            {
                start = i;
            }
            else if (!flags[i] && start >= 0)
            {
                runs.Add(new LabelSegment(start, i));
                start = -1;
            }
        }

        if (start >= 0)
        {
            runs.Add(new LabelSegment(start, flags.Length));
        }

        return runs;
    }
}
