using YamlDotNet.RepresentationModel;

namespace SensorWatch.IntegrationTests.Deploy;

/// <summary>Runs helm on charts/sensorwatch and parses what <c>helm template</c> renders.</summary>
internal static class HelmChart
{
    public const string ChartPath = "charts/sensorwatch";

    /// <summary>"default" plus every ci/*-values.yaml scenario (paths relative to the repository root).</summary>
    public static IEnumerable<object[]> Scenarios() =>
        new[] { "default" }
            .Concat(Directory.EnumerateFiles(RepositoryPaths.Combine(ChartPath, "ci"), "*-values.yaml")
                .Select(f => Path.GetRelativePath(RepositoryPaths.Root, f).Replace('\\', '/'))
                .Order(StringComparer.Ordinal))
            .Select(s => new object[] { s });

    public static string[] ValuesArguments(string scenario) => scenario == "default" ? [] : ["-f", scenario];

    public static (int ExitCode, string Output) Template(params string[] arguments) =>
        ExternalTool.Run("helm", ["template", "test-release", ChartPath, "--namespace", "sensorwatch", .. arguments]);

    /// <summary>Renders and parses every object; fails the test with helm's output when rendering fails.</summary>
    public static List<YamlMappingNode> Render(params string[] arguments)
    {
        (int exitCode, string output) = Template(arguments);
        Assert.True(exitCode == 0, output);
        YamlStream stream = [];
        stream.Load(new StringReader(output));
        return [.. stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>()];
    }

    public static string Kind(YamlMappingNode node) => Scalar(node, "kind");

    public static string Name(YamlMappingNode node) => Scalar(node, "metadata", "name");

    public static IEnumerable<YamlMappingNode> OfKind(IEnumerable<YamlMappingNode> objects, string kind) => objects.Where(o => Kind(o) == kind);

    /// <summary>The node at a path of mapping keys, or null.</summary>
    public static YamlNode? At(YamlNode node, params string[] path)
    {
        YamlNode? current = node;
        foreach (string key in path)
        {
            if (current is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out current))
            {
                return null;
            }
        }

        return current;
    }

    public static string Scalar(YamlNode node, params string[] path) => (At(node, path) as YamlScalarNode)?.Value ?? "";
}
