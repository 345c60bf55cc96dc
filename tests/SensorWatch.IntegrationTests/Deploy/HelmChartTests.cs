using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace SensorWatch.IntegrationTests.Deploy;

/// <summary>
/// The Helm chart through <c>helm lint</c> and <c>helm template</c> for the default values and every ci/*-values.yaml
/// scenario, then checks on the rendered objects (skipped with the reason when helm is absent).
/// </summary>
public sealed partial class HelmChartTests
{
    public static IEnumerable<object[]> Scenarios => HelmChart.Scenarios();

    [ToolTheory("helm")]
    [MemberData(nameof(Scenarios))]
    public void Lint_Scenario_PassesStrict(string scenario)
    {
        (int exitCode, string output) = ExternalTool.Run("helm", ["lint", "--strict", HelmChart.ChartPath, .. HelmChart.ValuesArguments(scenario)]);

        Assert.True(exitCode == 0, output);
        Assert.Contains("0 chart(s) failed", output, StringComparison.Ordinal);
    }

    [ToolTheory("helm")]
    [MemberData(nameof(Scenarios))]
    public void Template_Scenario_EveryDeploymentHasProbesResourcesAndHardenedSecurity(string scenario)
    {
        List<YamlMappingNode> objects = HelmChart.Render(HelmChart.ValuesArguments(scenario));
        List<YamlMappingNode> deployments = [.. HelmChart.OfKind(objects, "Deployment")];

        Assert.NotEmpty(deployments);
        foreach (YamlMappingNode deployment in deployments)
        {
            string name = HelmChart.Name(deployment);
            YamlNode pod = HelmChart.At(deployment, "spec", "template")!;
            YamlMappingNode container = (YamlMappingNode)((YamlSequenceNode)HelmChart.At(pod, "spec", "containers")!).Children[0];

            Assert.Equal("/alive", HelmChart.Scalar(container, "livenessProbe", "httpGet", "path"));
            Assert.Equal("/health", HelmChart.Scalar(container, "readinessProbe", "httpGet", "path"));
            Assert.Equal("/alive", HelmChart.Scalar(container, "startupProbe", "httpGet", "path"));
            Assert.Equal("telemetry", HelmChart.Scalar(container, "livenessProbe", "httpGet", "port"));
            Assert.NotEqual("", HelmChart.Scalar(container, "resources", "requests", "memory"));
            Assert.NotEqual("", HelmChart.Scalar(container, "resources", "limits", "memory"));

            Assert.Equal("true", HelmChart.Scalar(container, "securityContext", "readOnlyRootFilesystem"));
            Assert.Equal("false", HelmChart.Scalar(container, "securityContext", "allowPrivilegeEscalation"));
            Assert.Equal("true", HelmChart.Scalar(container, "securityContext", "runAsNonRoot"));
            Assert.Contains("ALL", ((YamlSequenceNode)HelmChart.At(container, "securityContext", "capabilities", "drop")!).Select(n => n.ToString()));
            Assert.Equal("true", HelmChart.Scalar(pod, "spec", "securityContext", "runAsNonRoot"));
            Assert.Equal("RuntimeDefault", HelmChart.Scalar(pod, "spec", "securityContext", "seccompProfile", "type"));
            Assert.Equal("false", HelmChart.Scalar(pod, "spec", "automountServiceAccountToken"));

            Assert.Matches(Sha256(), HelmChart.Scalar(pod, "metadata", "annotations", "checksum/config"));
            string[] mounts = [.. ((YamlSequenceNode)HelmChart.At(container, "volumeMounts")!).Select(m => HelmChart.Scalar(m, "mountPath"))];
            Assert.True(mounts.Contains("/tmp") && mounts.Contains("/data"), $"{name}: writable /tmp and /data mounts expected, found {string.Join(", ", mounts)}");
        }
    }

    [ToolFact("helm")]
    public void Template_Default_RendersTheExpectedKinds()
    {
        string[] kinds = [.. HelmChart.Render().Select(HelmChart.Kind).Order(StringComparer.Ordinal)];

        Assert.Equal(
            ["ConfigMap", "ConfigMap", "Deployment", "NetworkPolicy", "Pod", "PodDisruptionBudget", "Service", "ServiceAccount"],
            kinds);
    }

    [ToolFact("helm")]
    public void Template_FullFeatures_RendersEveryOptionalObject()
    {
        List<YamlMappingNode> objects = HelmChart.Render("-f", "charts/sensorwatch/ci/full-features-values.yaml");
        HashSet<string> kinds = [.. objects.Select(HelmChart.Kind)];
        Assert.Equal(["test-release-sensorwatch-scorer", "test-release-sensorwatch-trainer"], HelmChart.OfKind(objects, "Deployment").Select(HelmChart.Name).Order(StringComparer.Ordinal));

        foreach (string kind in new[] { "Secret", "ServiceMonitor", "PrometheusRule", "ScaledObject", "TriggerAuthentication", "PersistentVolumeClaim", "NetworkPolicy", "PodDisruptionBudget" })
        {
            Assert.Contains(kind, kinds);
        }

        YamlMappingNode scorer = objects.Single(o => HelmChart.Kind(o) == "Deployment" && HelmChart.Name(o).EndsWith("-scorer", StringComparison.Ordinal));
        Assert.Null(HelmChart.At(scorer, "spec", "replicas")); // KEDA owns the replica count
        YamlNode rule = HelmChart.OfKind(objects, "PrometheusRule").Single();
        int rulesInFile = MonitoringAssets.RuleExpressions(MonitoringAssets.RulesFile).Count();
        Assert.Equal(rulesInFile, ((YamlSequenceNode)HelmChart.At(rule, "spec", "groups")!).Sum(g => ((YamlSequenceNode)HelmChart.At(g, "rules")!).Children.Count));
        YamlNode scaled = HelmChart.OfKind(objects, "ScaledObject").Single();
        Assert.Equal("kafka", HelmChart.Scalar(((YamlSequenceNode)HelmChart.At(scaled, "spec", "triggers")!).Children[0], "type"));
    }

    [ToolFact("helm")]
    public void Template_Minimal_RendersOnlyTheScorer()
    {
        List<YamlMappingNode> objects = HelmChart.Render("-f", "charts/sensorwatch/ci/minimal-values.yaml");

        Assert.Equal(["test-release-sensorwatch-scorer"], HelmChart.OfKind(objects, "Deployment").Select(HelmChart.Name));
        Assert.Empty(HelmChart.OfKind(objects, "NetworkPolicy"));
        Assert.Empty(HelmChart.OfKind(objects, "PodDisruptionBudget"));
    }

    [ToolFact("helm")]
    public void Template_ConfigChange_ChangesTheChecksumAndNothingElseDoes()
    {
        string first = ScorerChecksum("--set", "config.Scorer.OpenAfter=3");
        string same = ScorerChecksum("--set", "config.Scorer.OpenAfter=3");
        string unrelated = ScorerChecksum("--set", "config.Scorer.OpenAfter=3", "--set", "podAnnotations.team=x", "--set", "scorer.replicaCount=5");
        string changed = ScorerChecksum("--set", "config.Scorer.OpenAfter=4");
        string kafka = ScorerChecksum("--set", "config.Scorer.OpenAfter=3", "--set", "kafka.bootstrapServers=other:9092");

        Assert.Equal(first, same);
        Assert.Equal(first, unrelated);
        Assert.NotEqual(first, changed);
        Assert.NotEqual(first, kafka);
    }

    [ToolFact("helm")]
    public void Template_ExistingSecret_CreatesNoSecretAndReadsItsKeys()
    {
        List<YamlMappingNode> objects = HelmChart.Render("-f", "charts/sensorwatch/ci/existing-secret-values.yaml");
        string rendered = string.Join('\n', HelmChart.OfKind(objects, "Deployment").Select(d => d.ToString()));

        Assert.Empty(HelmChart.OfKind(objects, "Secret"));
        YamlNode env = HelmChart.At(((YamlSequenceNode)HelmChart.At(HelmChart.OfKind(objects, "Deployment").First(), "spec", "template", "spec", "containers")!).Children[0], "env")!;
        YamlNode username = ((YamlSequenceNode)env).Single(e => HelmChart.Scalar(e, "name") == "SENSORWATCH__KAFKA__CLIENT__sasl.username");
        Assert.Equal("kafka-user-sensorwatch", HelmChart.Scalar(username, "valueFrom", "secretKeyRef", "name"));
        Assert.Equal("user", HelmChart.Scalar(username, "valueFrom", "secretKeyRef", "key"));
        Assert.DoesNotContain("checksum/secret", rendered, StringComparison.Ordinal);
    }

    [ToolFact("helm")]
    public void Template_UnknownValue_IsRejectedByTheSchema()
    {
        (int exitCode, string output) = HelmChart.Template("--set", "scorer.replicas=3");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("additional properties 'replicas' not allowed", output, StringComparison.Ordinal);
    }

    [ToolFact("helm")]
    public void Template_AuthWithoutCredentials_FailsNamingTheMissingValues()
    {
        (int exitCode, string output) = HelmChart.Template("--set", "kafka.auth.enabled=true");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("kafka.auth.existingSecret", output, StringComparison.Ordinal);
    }

    [ToolFact("helm")]
    public void Template_Dashboards_AreConfigMapsLabelledForTheSidecarWithValidJson()
    {
        List<YamlMappingNode> dashboards = [.. HelmChart.OfKind(HelmChart.Render(), "ConfigMap").Where(c => HelmChart.Scalar(c, "metadata", "labels", "grafana_dashboard") == "1")];

        Assert.Equal(MonitoringAssets.DashboardFiles().Count(), dashboards.Count);
        foreach (YamlMappingNode map in dashboards)
        {
            string json = ((YamlMappingNode)HelmChart.At(map, "data")!).Children.Values.OfType<YamlScalarNode>().Single().Value!;
            using JsonDocument document = JsonDocument.Parse(json);
            Assert.StartsWith("sensorwatch-", document.RootElement.GetProperty("uid").GetString(), StringComparison.Ordinal);
        }
    }

    [ToolFact("helm")]
    public void Template_TestPod_IsAHelmTestHookOutsideTheWorkerSelector()
    {
        List<YamlMappingNode> objects = HelmChart.Render();
        YamlMappingNode pod = HelmChart.OfKind(objects, "Pod").Single();
        YamlNode selector = HelmChart.At(HelmChart.OfKind(objects, "Service").Single(), "spec", "selector")!;

        Assert.Equal("test", HelmChart.Scalar(pod, "metadata", "annotations", "helm.sh/hook"));
        Assert.NotEqual(HelmChart.Scalar(selector, "app.kubernetes.io/name"), HelmChart.Scalar(pod, "metadata", "labels", "app.kubernetes.io/name"));
    }

    [ToolTheory("helm")]
    [MemberData(nameof(Scenarios))]
    public void Template_Scenario_ConfigFileBindsCleanlyIntoTheWorkerConfiguration(string scenario)
    {
        SensorWatch.Roles.WorkerConfiguration configuration = LoadRenderedConfig(HelmChart.ValuesArguments(scenario));

        Assert.Empty(configuration.Errors);
        Assert.Equal("9464", configuration.Root["SensorWatch:Telemetry:Port"]);
    }

    [ToolFact("helm")]
    public void Template_MisspelledWorkerSetting_IsRejectedByTheWorker()
    {
        SensorWatch.Roles.WorkerConfiguration configuration = LoadRenderedConfig("--set", "config.Scorer.OpenAftr=3");

        Assert.Contains(configuration.Errors, e => e.Contains("OpenAftr", StringComparison.Ordinal));
    }

    private static SensorWatch.Roles.WorkerConfiguration LoadRenderedConfig(params string[] arguments)
    {
        YamlMappingNode config = HelmChart.OfKind(HelmChart.Render(arguments), "ConfigMap")
            .Single(c => HelmChart.At(c, "data", "appsettings.json") is not null);
        string folder = Directory.CreateTempSubdirectory("sensorwatch-chart-").FullName;
        try
        {
            string file = Path.Combine(folder, "appsettings.json");
            File.WriteAllText(file, HelmChart.Scalar(config, "data", "appsettings.json"));
            return SensorWatch.Roles.WorkerConfiguration.Load(file, new Dictionary<string, string?>(), includeEnvironment: false);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string ScorerChecksum(params string[] arguments)
    {
        YamlMappingNode scorer = HelmChart.OfKind(HelmChart.Render(arguments), "Deployment").Single(d => HelmChart.Name(d).EndsWith("-scorer", StringComparison.Ordinal));
        return HelmChart.Scalar(scorer, "spec", "template", "metadata", "annotations", "checksum/config");
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256();
}
