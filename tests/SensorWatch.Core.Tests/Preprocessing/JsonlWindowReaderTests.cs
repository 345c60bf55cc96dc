using SensorWatch.Core.Preprocessing;

namespace SensorWatch.Core.Tests.Preprocessing;

public sealed class JsonlWindowReaderTests
{
    [Fact]
    public void Read_TwoWindowsWithNull_ReturnsBatchMajorValues()
    {
        const string Jsonl = """
            {"sensorId":"p1","model":"pump","start":"2026-11-22T10:00:00Z","intervalMs":1000,"features":["a","b"],"values":[[1,2],[3,null]],"extra":{"x":[1]}}

            {"sensorId":"p1","start":"2026-11-22T10:00:02Z","features":["a","b"],"values":[[5,6],[7,8]]}
            """;
        WindowSet windows = JsonlWindowReader.Read(new StringReader(Jsonl), "w.jsonl");
        Assert.Equal(2, windows.Count);
        Assert.Equal(2, windows.WindowLength);
        Assert.Equal(["a", "b"], windows.FeatureNames);
        Assert.Equal("p1@2026-11-22T10:00:00Z", windows.Labels[0]);
        Assert.True(float.IsNaN(windows.Values[3]));
        Assert.Equal([1f, 2f, 3f], windows.Values[..3]);
        Assert.Equal([5f, 6f, 7f, 8f], windows.Values[4..]);
    }

    [Theory]
    [InlineData("{\"values\":[[1,2],[3]]}", "row 1")]
    [InlineData("{\"values\":[[1,\"x\"]]}", "expected a finite number or null")]
    [InlineData("{\"values\":[[1,2]", "malformed JSON")]
    [InlineData("{\"features\":[\"a\"],\"values\":[[1,2]]}", "'features' names 1")]
    public void Read_BadMessage_ThrowsNamingLineAndReason(string line, string reason)
    {
        SensorDataException error = Assert.Throws<SensorDataException>(() => JsonlWindowReader.Read(new StringReader(line), "bad.jsonl"));
        Assert.Contains("bad.jsonl:1", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ShapeChangesBetweenWindows_Throws()
    {
        const string Jsonl = "{\"values\":[[1,2],[3,4]]}\n{\"values\":[[1,2]]}\n";
        SensorDataException error = Assert.Throws<SensorDataException>(() => JsonlWindowReader.Read(new StringReader(Jsonl), "s.jsonl"));
        Assert.Contains("s.jsonl:2", error.Message, StringComparison.Ordinal);
    }
}
