using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace SensorWatch.IntegrationTests.Deploy;

/// <summary>Reads the PromQL queries out of the Grafana dashboards and the Prometheus rule files under deploy/.</summary>
internal static class MonitoringAssets
{
    public static string DashboardFolder => RepositoryPaths.Combine("deploy", "grafana", "dashboards");

    public static string RulesFile => RepositoryPaths.Combine("deploy", "prometheus", "rules", "sensorwatch.rules.yml");

    public static IEnumerable<string> DashboardFiles() => Directory.EnumerateFiles(DashboardFolder, "*.json").Order(StringComparer.Ordinal);

    /// <summary>Every panel (rows' nested panels included) of a dashboard.</summary>
    public static IEnumerable<JsonElement> Panels(JsonElement dashboard)
    {
        foreach (JsonElement panel in dashboard.GetProperty("panels").EnumerateArray())
        {
            yield return panel;
            if (panel.TryGetProperty("panels", out JsonElement nested))
            {
                foreach (JsonElement inner in nested.EnumerateArray())
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>(dashboard file, panel title, expression) for every target and templating query.</summary>
    public static IEnumerable<(string File, string Panel, string Expression)> DashboardQueries()
    {
        foreach (string file in DashboardFiles())
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(file));
            List<(string, string, string)> found = [];
            foreach (JsonElement panel in Panels(document.RootElement))
            {
                if (panel.TryGetProperty("targets", out JsonElement targets))
                {
                    foreach (JsonElement target in targets.EnumerateArray())
                    {
                        found.Add((Path.GetFileName(file), panel.GetProperty("title").GetString() ?? "", target.GetProperty("expr").GetString() ?? ""));
                    }
                }
            }

            if (document.RootElement.TryGetProperty("templating", out JsonElement templating))
            {
                foreach (JsonElement variable in templating.GetProperty("list").EnumerateArray())
                {
                    if (variable.TryGetProperty("query", out JsonElement query) && query.ValueKind == JsonValueKind.String)
                    {
                        found.Add((Path.GetFileName(file), "variable " + variable.GetProperty("name").GetString(), query.GetString() ?? ""));
                    }
                }
            }

            foreach ((string, string, string) item in found)
            {
                yield return item;
            }
        }
    }

    /// <summary>(alert name, expression) of every rule in a rules file.</summary>
    public static IEnumerable<(string Alert, string Expression)> RuleExpressions(string path)
    {
        YamlStream yaml = [];
        using (StreamReader reader = new(path))
        {
            yaml.Load(reader);
        }

        YamlMappingNode root = (YamlMappingNode)yaml.Documents[0].RootNode;
        foreach (YamlMappingNode group in ((YamlSequenceNode)root["groups"]).Cast<YamlMappingNode>())
        {
            foreach (YamlMappingNode rule in ((YamlSequenceNode)group["rules"]).Cast<YamlMappingNode>())
            {
                string name = rule.Children.TryGetValue("alert", out YamlNode? alert) ? alert.ToString() : rule["record"].ToString();
                yield return (name, rule["expr"].ToString());
            }
        }
    }
}
