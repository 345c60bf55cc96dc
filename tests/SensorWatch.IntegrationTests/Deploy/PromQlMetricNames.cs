using System.Text.RegularExpressions;

namespace SensorWatch.IntegrationTests.Deploy;

/// <summary>
/// Extracts the metric names a PromQL expression selects: strips string literals, label matchers <c>{…}</c>,
/// ranges <c>[…]</c>, grouping clauses <c>by/without/on/ignoring/group_left/group_right (…)</c>, numbers and
/// durations, then keeps identifiers that are neither functions (followed by <c>(</c>) nor keywords.
/// </summary>
internal static partial class PromQlMetricNames
{
    private static readonly HashSet<string> s_keywords = new(StringComparer.Ordinal)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset",
        "inf", "nan", "Inf", "NaN",
    };

    public static IReadOnlyCollection<string> Extract(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        string text = StringLiteral().Replace(expression, " ");
        text = LabelMatchers().Replace(text, " ");
        text = Range().Replace(text, " ");
        text = Grouping().Replace(text, " ");
        text = Number().Replace(text, " ");
        HashSet<string> names = new(StringComparer.Ordinal);
        foreach (Match match in Identifier().Matches(text))
        {
            string name = match.Groups["name"].Value;
            if (!match.Groups["call"].Success && !s_keywords.Contains(name))
            {
                names.Add(name);
            }
        }

        return names;
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'")]
    private static partial Regex StringLiteral();

    [GeneratedRegex("\\{[^{}]*\\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex("\\[[^\\[\\]]*\\]")]
    private static partial Regex Range();

    [GeneratedRegex("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^()]*\\)")]
    private static partial Regex Grouping();

    [GeneratedRegex("(?<![A-Za-z_:0-9])[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?(ms|s|m|h|d|w|y)?")]
    private static partial Regex Number();

    [GeneratedRegex("(?<![A-Za-z0-9_:$])(?<name>[A-Za-z_:][A-Za-z0-9_:]*)(?<call>\\s*\\()?")]
    private static partial Regex Identifier();
}
