using System.Text.Json;
using SensorWatch.IntegrationTests.Telemetry;

namespace SensorWatch.IntegrationTests.Deploy;

/// <summary>
/// Dashboards and alert rules may only query metrics SensorWatch exports (names derived from the live instrument
/// list by the exporter's naming rules, which PrometheusExportTests checks against real exporter output).
/// </summary>
public sealed class MonitoringAssetsTests
{
    private const string DatasourceUid = "sensorwatch-prometheus";

    // Series Prometheus itself creates for every target.
    private static readonly string[] s_prometheusBuiltins = ["up"];

    [Fact]
    public void Dashboards_EveryQueriedMetric_IsOneSensorWatchExports()
    {
        HashSet<string> known = KnownSeries();
        List<(string File, string Panel, string Expression)> queries = [.. MonitoringAssets.DashboardQueries()];

        string[] unknown = [.. queries.SelectMany(q => PromQlMetricNames.Extract(q.Expression).Where(n => !known.Contains(n)).Select(n => $"{q.File} / {q.Panel}: {n}"))];

        Assert.True(queries.Count >= 25, $"expected the overview's queries, found {queries.Count}");
        Assert.Empty(unknown);
    }

    [Fact]
    public void AlertRules_EveryQueriedMetric_IsOneSensorWatchExports()
    {
        HashSet<string> known = KnownSeries();
        List<(string Alert, string Expression)> rules = [.. MonitoringAssets.RuleExpressions(MonitoringAssets.RulesFile)];

        string[] unknown = [.. rules.SelectMany(r => PromQlMetricNames.Extract(r.Expression).Where(n => !known.Contains(n)).Select(n => $"{r.Alert}: {n}"))];

        Assert.Empty(unknown);
        Assert.Equal(
            ["SensorWatchAlertStorm", "SensorWatchCommitFailures", "SensorWatchConsumerLagGrowing", "SensorWatchDeadLetterRateHigh",
             "SensorWatchDeliveryFailures", "SensorWatchModelSaveFailures", "SensorWatchModelStale", "SensorWatchRetrainFailures", "SensorWatchWorkerDown"],
            rules.Select(r => r.Alert).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Dashboards_EveryPanelAndTarget_UsesTheFixedDatasourceUid()
    {
        foreach (string file in MonitoringAssets.DashboardFiles())
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(file));
            foreach (JsonElement panel in MonitoringAssets.Panels(document.RootElement).Where(p => p.GetProperty("type").GetString() != "row"))
            {
                string title = panel.GetProperty("title").GetString() ?? "";
                Assert.True(DatasourceUid == panel.GetProperty("datasource").GetProperty("uid").GetString(), $"{file} / {title}: panel datasource");
                foreach (JsonElement target in panel.GetProperty("targets").EnumerateArray())
                {
                    Assert.True(DatasourceUid == target.GetProperty("datasource").GetProperty("uid").GetString(), $"{file} / {title}: target datasource");
                }
            }
        }
    }

    [Fact]
    public void Dashboards_PanelIds_AreUniqueAndPanelsDoNotOverlap()
    {
        foreach (string file in MonitoringAssets.DashboardFiles())
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(file));
            List<(int Id, int X, int Y, int W, int H)> panels = [.. MonitoringAssets.Panels(document.RootElement).Select(p =>
            {
                JsonElement grid = p.GetProperty("gridPos");
                return (p.GetProperty("id").GetInt32(), grid.GetProperty("x").GetInt32(), grid.GetProperty("y").GetInt32(), grid.GetProperty("w").GetInt32(), grid.GetProperty("h").GetInt32());
            })];

            Assert.Equal(panels.Count, panels.Select(p => p.Id).Distinct().Count());
            Assert.All(panels, p => Assert.True(p.X >= 0 && p.X + p.W <= 24, $"{file}: panel {p.Id} leaves the 24-column grid"));
            foreach ((int Id, int X, int Y, int W, int H) a in panels)
            {
                foreach ((int Id, int X, int Y, int W, int H) b in panels.Where(b => b.Id > a.Id))
                {
                    bool overlap = a.X < b.X + b.W && b.X < a.X + a.W && a.Y < b.Y + b.H && b.Y < a.Y + a.H;
                    Assert.False(overlap, $"{file}: panels {a.Id} and {b.Id} overlap");
                }
            }
        }
    }

    [Fact]
    public void Provisioning_Datasource_HasTheUidDashboardsUse()
    {
        string datasources = File.ReadAllText(RepositoryPaths.Combine("deploy", "grafana", "provisioning", "datasources", "prometheus.yml"));
        string dashboards = File.ReadAllText(RepositoryPaths.Combine("deploy", "grafana", "provisioning", "dashboards", "sensorwatch.yml"));

        Assert.Contains($"uid: {DatasourceUid}", datasources, StringComparison.Ordinal);
        Assert.Contains("path: /var/lib/grafana/dashboards", dashboards, StringComparison.Ordinal);
    }

    [Fact]
    public void OverviewDashboard_Panels_CoverEveryRequiredView()
    {
        string[] titles = [.. MonitoringAssets.DashboardQueries().Where(q => q.File == "sensorwatch-overview.json").Select(q => q.Panel).Distinct()];
        string[] required =
        [
            "Throughput", "Consumer lag per partition", "Batch processing latency p50 / p99", "Dead-letter rate by reason",
            "Anomalous windows / s per model", "Alert rate per model", "Model versions", "Score distribution vs threshold",
            "Retrain outcomes (per hour)", "Retrain duration", "Process CPU", "Process memory",
        ];

        Assert.Empty(required.Except(titles));
    }

    [Theory]
    [InlineData("sum by (le) (rate(sensorwatch_processing_duration_seconds_bucket[$__rate_interval]))", "sensorwatch_processing_duration_seconds_bucket")]
    [InlineData("up{job=~\".*sensorwatch.*\"} == 0", "up")]
    [InlineData("sum(rate(a_total[5m])) / clamp_min(sum(rate(b_total[5m])), 1e-9) > 0.05", "a_total,b_total")]
    [InlineData("max by (job, k) (sensorwatch_model_age_seconds) > 7 * 86400", "sensorwatch_model_age_seconds")]
    [InlineData("x and on (job) y offset 5m unless bool z", "x,y,z")]
    public void Extract_Expression_ReturnsOnlyMetricNames(string expression, string expected)
    {
        Assert.Equal(expected.Split(','), PromQlMetricNames.Extract(expression).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void KnownSeries_MisspelledMetric_IsNotKnown()
    {
        HashSet<string> known = KnownSeries();

        Assert.Contains("sensorwatch_dead_letters_total", known);
        Assert.Contains("sensorwatch_processing_duration_seconds_bucket", known);
        Assert.DoesNotContain("sensorwatch_dead_letters", known);
        Assert.DoesNotContain("sensorwatch_processing_duration_seconds", known);
    }

    [Fact]
    public void ChartCopies_OfRulesAndDashboards_AreIdenticalToDeploy()
    {
        Assert.Equal(File.ReadAllText(MonitoringAssets.RulesFile), File.ReadAllText(RepositoryPaths.Combine("charts", "sensorwatch", "files", "sensorwatch.rules.yml")));
        foreach (string file in MonitoringAssets.DashboardFiles())
        {
            string copy = RepositoryPaths.Combine("charts", "sensorwatch", "dashboards", Path.GetFileName(file));
            Assert.True(File.Exists(copy), $"{copy} missing");
            Assert.Equal(File.ReadAllText(file), File.ReadAllText(copy));
        }
    }

    private static HashSet<string> KnownSeries() => [.. PrometheusNames.SeriesOfSensorWatch().Keys, .. s_prometheusBuiltins];
}
