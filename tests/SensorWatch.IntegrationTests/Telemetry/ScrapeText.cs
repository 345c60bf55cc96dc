using System.Text.RegularExpressions;

namespace SensorWatch.IntegrationTests.Telemetry;

/// <summary>Reads Prometheus text exposition: family names from <c># TYPE</c> lines, series and label names from samples.</summary>
internal static partial class ScrapeText
{
    public static HashSet<string> Families(string text) =>
        [.. text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2])];

    public static HashSet<string> SeriesNames(string text) =>
        [.. text.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => SeriesName().Match(l).Value)];

    public static HashSet<string> LabelNames(string text) =>
        [.. text.Split('\n').Where(l => l.Length > 0 && l[0] != '#').SelectMany(l => LabelName().Matches(l).Select(m => m.Groups[1].Value))];

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex SeriesName();

    [GeneratedRegex("[{,]([a-zA-Z_][a-zA-Z0-9_]*)=\"")]
    private static partial Regex LabelName();
}
