namespace SensorWatch.IntegrationTests.Deploy;

/// <summary>The alert rules and scrape config through promtool (skipped with the reason when promtool is absent).</summary>
public sealed class PrometheusRulesTests
{
    [ToolFact("promtool")]
    public void CheckRules_SensorWatchRules_Succeeds()
    {
        (int exitCode, string output) = ExternalTool.Run("promtool", "check", "rules", "deploy/prometheus/rules/sensorwatch.rules.yml");

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS: 9 rules found", output, StringComparison.Ordinal);
    }

    [ToolFact("promtool")]
    public void TestRules_UnitTests_AllPass()
    {
        string[] tests = [.. Directory.EnumerateFiles(RepositoryPaths.Combine("deploy", "prometheus", "tests"), "*.yml").Order(StringComparer.Ordinal)];

        (int exitCode, string output) = ExternalTool.Run("promtool", ["test", "rules", .. tests]);

        Assert.NotEmpty(tests);
        Assert.True(exitCode == 0, output);
        Assert.DoesNotContain("FAILED", output, StringComparison.Ordinal);
    }

    [ToolFact("promtool")]
    public void CheckConfig_ComposePrometheusYml_Succeeds()
    {
        (int exitCode, string output) = ExternalTool.Run("promtool", "check", "config", "deploy/prometheus/prometheus.yml");

        Assert.True(exitCode == 0, output);
    }

    [ToolFact("promtool")]
    public void TestRules_BrokenExpectation_IsReportedAsFailure()
    {
        // Guards against a vacuous run: the same harness must fail when an expectation is wrong.
        string folder = Directory.CreateTempSubdirectory("sensorwatch-promtool-").FullName;
        try
        {
            File.Copy(MonitoringAssets.RulesFile, Path.Combine(folder, "rules.yml"));
            File.WriteAllText(Path.Combine(folder, "test.yml"), """
                rule_files: [rules.yml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - series: 'up{job="sensorwatch", instance="w"}'
                        values: "1 1 1 1 1 1"
                    alert_rule_test:
                      - eval_time: 5m
                        alertname: SensorWatchWorkerDown
                        exp_alerts:
                          - exp_labels: { severity: critical, job: sensorwatch, instance: w }
                """);

            (int exitCode, string output) = ExternalTool.Run("promtool", "test", "rules", Path.Combine(folder, "test.yml"));

            Assert.NotEqual(0, exitCode);
            Assert.Contains("FAILED", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
