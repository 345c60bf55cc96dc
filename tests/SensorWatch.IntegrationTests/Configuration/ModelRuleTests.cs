using SensorWatch.Configuration;

namespace SensorWatch.IntegrationTests.Configuration;

public sealed class ModelRuleTests
{
    [Theory]
    [InlineData("pump-*", "pump-17", true)]
    [InlineData("pump-*", "pumpx-17", false)]
    [InlineData("*-vib-?", "line3-vib-a", true)]
    [InlineData("*-vib-?", "line3-vib-ab", false)]
    [InlineData("exact", "exact", true)]
    [InlineData("exact", "Exact", false)]
    [InlineData("*", "", true)]
    [InlineData("a*b*c*d*e*f", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false)]
    public void Matches_Glob_MatchesTheWholeId(string pattern, string sensorId, bool expected)
    {
        Assert.Equal(expected, new ModelRule { Pattern = pattern, Model = "m" }.Matches(sensorId));
    }
}
