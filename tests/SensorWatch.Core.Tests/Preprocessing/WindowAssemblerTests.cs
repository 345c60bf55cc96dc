using SensorWatch.Core.Preprocessing;

namespace SensorWatch.Core.Tests.Preprocessing;

public sealed class WindowAssemblerTests
{
    [Theory]
    [InlineData(10, 4, 1, 7)]
    [InlineData(10, 4, 3, 3)]
    [InlineData(3, 4, 1, 0)]
    [InlineData(4, 4, 5, 1)]
    public void Count_RowsWindowStride_MatchesFormula(int rows, int window, int stride, int expected)
    {
        Assert.Equal(expected, WindowAssembler.Count(rows, window, stride));
    }

    [Fact]
    public void Assemble_StrideTwo_CopiesTheRightRows()
    {
        float[] rows = [.. Enumerable.Range(0, 14).Select(i => (float)i)]; // 7 rows × D 2
        float[] windows = WindowAssembler.Assemble(rows, 2, 3, 2);
        Assert.Equal(3 * 3 * 2, windows.Length);
        Assert.Equal([4f, 5f, 6f, 7f, 8f, 9f], windows[6..12]);
        Assert.Equal([8f, 9f, 10f, 11f, 12f, 13f], windows[12..]);
    }
}
