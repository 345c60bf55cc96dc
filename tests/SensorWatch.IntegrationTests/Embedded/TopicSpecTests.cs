using SensorWatch.Embedded;

namespace SensorWatch.IntegrationTests.Embedded;

public sealed class TopicSpecTests
{
    [Fact]
    public void ParseList_NamesWithAndWithoutCounts_UsesDefaultForMissingCounts()
    {
        IReadOnlyList<TopicSpec> topics = TopicSpec.ParseList(" sensor.windows:8, sensor.alerts ,x_y-z:1", 4);

        Assert.Equal([new TopicSpec("sensor.windows", 8), new TopicSpec("sensor.alerts", 4), new TopicSpec("x_y-z", 1)], topics);
    }

    [Fact]
    public void ParseList_SeveralBadEntries_ListsEveryOne()
    {
        FormatException error = Assert.Throws<FormatException>(() => TopicSpec.ParseList("bad name,x:0,y:2:3,ok,ok,z:-1", 4));

        foreach (string expected in new[] { "'bad name'", "'x:0'", "'y:2:3'", "'ok' is listed twice", "'z:-1'" })
        {
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ParseList_OnlySeparators_Throws()
    {
        Assert.Throws<FormatException>(() => TopicSpec.ParseList(" , ", 4));
    }

    [Theory]
    [InlineData("sensor.windows", true)]
    [InlineData("..", false)]
    [InlineData(".", false)]
    [InlineData("", false)]
    [InlineData("a/b", false)]
    [InlineData("é", false)]
    public void IsValidName_KafkaRule_Matches(string name, bool valid)
    {
        Assert.Equal(valid, TopicSpec.IsValidName(name));
    }

    [Fact]
    public void IsValidName_250Characters_IsRejected()
    {
        Assert.True(TopicSpec.IsValidName(new string('a', 249)));
        Assert.False(TopicSpec.IsValidName(new string('a', 250)));
    }
}
