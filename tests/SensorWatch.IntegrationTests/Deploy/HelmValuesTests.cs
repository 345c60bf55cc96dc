using System.Text.Json;
using System.Text.RegularExpressions;

namespace SensorWatch.IntegrationTests.Deploy;

/// <summary>values.yaml documentation, the schema's strictness and the chart version notes (no helm needed).</summary>
public sealed partial class HelmValuesTests
{
    // Keys whose children are Kubernetes objects or free-form maps: documented by the parent's comment.
    private static readonly HashSet<string> s_freeFormParents = new(StringComparer.Ordinal)
    {
        "resources", "podSecurityContext", "securityContext", "annotations", "config", "podAnnotations", "podLabels",
        "nodeSelector", "affinity", "labels",
    };

    [Fact]
    public void ValuesYaml_EveryKey_HasACommentAbove()
    {
        string[] lines = File.ReadAllLines(RepositoryPaths.Combine("charts", "sensorwatch", "values.yaml"));
        List<(int Indent, string Key)> parents = [];
        List<string> undocumented = [];
        for (int i = 0; i < lines.Length; i++)
        {
            Match match = KeyLine().Match(lines[i]);
            if (!match.Success)
            {
                continue;
            }

            int indent = match.Groups["indent"].Length;
            string key = match.Groups["key"].Value;
            parents.RemoveAll(p => p.Indent >= indent);
            bool freeForm = parents.Any(p => s_freeFormParents.Contains(p.Key));
            bool commented = i > 0 && lines[i - 1].TrimStart().StartsWith('#');
            if (!freeForm && !commented)
            {
                undocumented.Add($"line {i + 1}: {string.Join('.', parents.Select(p => p.Key).Append(key))}");
            }

            parents.Add((indent, key));
        }

        Assert.Empty(undocumented);
    }

    [Fact]
    public void ValuesSchema_EveryObjectWithProperties_IsClosed()
    {
        using JsonDocument schema = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("charts", "sensorwatch", "values.schema.json")));
        List<string> open = [];
        Walk(schema.RootElement, "$", open);

        Assert.Empty(open);
    }

    [Fact]
    public void ValuesSchema_TopLevelProperties_MatchValuesYamlKeys()
    {
        using JsonDocument schema = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("charts", "sensorwatch", "values.schema.json")));
        string[] yamlKeys = [.. File.ReadAllLines(RepositoryPaths.Combine("charts", "sensorwatch", "values.yaml"))
            .Select(l => KeyLine().Match(l)).Where(m => m.Success && m.Groups["indent"].Length == 0).Select(m => m.Groups["key"].Value).Order(StringComparer.Ordinal)];
        string[] schemaKeys = [.. schema.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name).Where(n => n != "global").Order(StringComparer.Ordinal)];

        Assert.Equal(schemaKeys, yamlKeys);
    }

    [Fact]
    public void ChartVersion_IsListedInTheOperationsChangelog()
    {
        string chart = File.ReadAllText(RepositoryPaths.Combine("charts", "sensorwatch", "Chart.yaml"));
        string version = ChartVersion().Match(chart).Groups["version"].Value;
        string docs = File.ReadAllText(RepositoryPaths.Combine("docs", "operations.md"));

        Assert.NotEqual("", version);
        Assert.Contains($"| {version} |", docs, StringComparison.Ordinal);
    }

    private static void Walk(JsonElement node, string path, List<string> open)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (node.TryGetProperty("properties", out JsonElement properties))
        {
            if (!node.TryGetProperty("additionalProperties", out JsonElement additional) || additional.ValueKind != JsonValueKind.False)
            {
                open.Add(path);
            }

            foreach (JsonProperty property in properties.EnumerateObject())
            {
                Walk(property.Value, $"{path}.{property.Name}", open);
            }
        }

        if (node.TryGetProperty("items", out JsonElement items))
        {
            Walk(items, path + "[]", open);
        }
    }

    [GeneratedRegex("^(?<indent> *)(?<key>[A-Za-z_][A-Za-z0-9_.-]*):(?<value>.*)$")]
    private static partial Regex KeyLine();

    [GeneratedRegex("^version: *(?<version>[0-9]+\\.[0-9]+\\.[0-9]+)", RegexOptions.Multiline)]
    private static partial Regex ChartVersion();
}
