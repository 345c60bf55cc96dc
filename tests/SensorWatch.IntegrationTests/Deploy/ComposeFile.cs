using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace SensorWatch.IntegrationTests.Deploy;

/// <summary>docker-compose.yml parsed with YAML merge keys (<c>&lt;&lt;: *anchor</c>) resolved.</summary>
internal sealed class ComposeFile
{
    private ComposeFile(Dictionary<object, object> root) => Root = root;

    public Dictionary<object, object> Root { get; }

    public Dictionary<object, object> Services => Map(Root["services"]);

    public static ComposeFile Load(string path)
    {
        using StreamReader reader = new(path);
        IDeserializer deserializer = new DeserializerBuilder().Build();
        Dictionary<object, object> root = deserializer.Deserialize<Dictionary<object, object>>(new MergingParser(new Parser(reader)))
            ?? throw new InvalidOperationException($"{path} is empty");
        return new ComposeFile(root);
    }

    public Dictionary<object, object> Service(string name) => Map(Services[name]);

    public static Dictionary<object, object> Map(object node) => node as Dictionary<object, object>
        ?? throw new InvalidOperationException($"expected a mapping, found {node?.GetType().Name ?? "null"}");

    public static List<object> List(object node) => node as List<object>
        ?? throw new InvalidOperationException($"expected a sequence, found {node?.GetType().Name ?? "null"}");

    public static string Text(Dictionary<object, object> map, string key) => map.TryGetValue(key, out object? value) ? value?.ToString() ?? "" : "";
}
