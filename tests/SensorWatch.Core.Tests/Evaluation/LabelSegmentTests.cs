using SensorWatch.Core.Evaluation;

namespace SensorWatch.Core.Tests.Evaluation;

public sealed class LabelSegmentTests
{
    [Fact]
    public void FindRuns_RunsAtBothEnds_AreFound() =>
        Assert.Equal([new LabelSegment(0, 2), new LabelSegment(3, 4), new LabelSegment(5, 7)],
            LabelSegment.FindRuns([true, true, false, true, false, true, true]));

    [Fact]
    public void FindRuns_Empty_IsEmpty() => Assert.Empty(LabelSegment.FindRuns([]));
}
