using Microsoft.Extensions.Configuration;
using SensorWatch.Kafka;
using SensorWatch.Roles.Scorer;

namespace SensorWatch.Roles;

/// <summary>
/// The worker's configuration, layered (later wins): appsettings.json next to the executable, an optional
/// <c>--config FILE</c>, environment variables <c>SENSORWATCH__SECTION__KEY</c>, then command-line options.
/// Binding validates every section and lists every error at once.
/// </summary>
internal sealed class WorkerConfiguration
{
    public const string EnvironmentPrefix = "SENSORWATCH__";

    private WorkerConfiguration(IConfigurationRoot root, KafkaOptions kafka, ScorerOptions scorer, IReadOnlyList<string> errors)
    {
        Root = root;
        Kafka = kafka;
        Scorer = scorer;
        Errors = errors;
    }

    public IConfigurationRoot Root { get; }

    public KafkaOptions Kafka { get; }

    public ScorerOptions Scorer { get; }

    /// <summary>Every configuration error found (empty when valid).</summary>
    public IReadOnlyList<string> Errors { get; }

    public static WorkerConfiguration Load(string? configFile, IReadOnlyDictionary<string, string?> overrides, bool includeEnvironment = true)
    {
        ConfigurationBuilder builder = new();
        builder.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
        List<string> errors = [];
        if (!string.IsNullOrEmpty(configFile))
        {
            if (File.Exists(configFile))
            {
                builder.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: false);
            }
            else
            {
                errors.Add($"--config: the file '{configFile}' does not exist.");
            }
        }

        if (includeEnvironment)
        {
            builder.AddEnvironmentVariables(EnvironmentPrefix);
        }

        builder.AddInMemoryCollection(overrides);
        IConfigurationRoot root;
        try
        {
            root = builder.Build();
        }
        catch (InvalidDataException exception)
        {
            errors.Add($"Configuration file is not valid JSON: {exception.Message}");
            root = new ConfigurationBuilder().AddInMemoryCollection(overrides).Build();
        }

        return Bind(WithTelemetryAlias(root), errors);
    }

    /// <summary>
    /// Telemetry's options live under <c>SensorWatch:Telemetry</c>; users may also write them as <c>Telemetry:*</c>
    /// like the other sections (and <c>SENSORWATCH__TELEMETRY__PORT</c> arrives that way through the prefix).
    /// </summary>
    private static IConfigurationRoot WithTelemetryAlias(IConfigurationRoot root)
    {
        Dictionary<string, string?> alias = [];
        foreach (KeyValuePair<string, string?> pair in root.GetSection("Telemetry").AsEnumerable(makePathsRelative: true))
        {
            if (pair.Value is not null)
            {
                alias["SensorWatch:Telemetry:" + pair.Key] = pair.Value;
            }
        }

        return alias.Count == 0 ? root : new ConfigurationBuilder().AddConfiguration(root).AddInMemoryCollection(alias).Build();
    }

    public static WorkerConfiguration Bind(IConfigurationRoot root, List<string>? errors = null)
    {
        errors ??= [];
        KafkaOptions kafka = new();
        ScorerOptions scorer = new();
        BindSection(root, KafkaOptions.SectionName, kafka, errors);
        BindSection(root, ScorerOptions.SectionName, scorer, errors);
        kafka.Validate(errors);
        scorer.Validate(errors);
        return new WorkerConfiguration(root, kafka, scorer, errors);
    }

    private static void BindSection(IConfigurationRoot root, string section, object target, List<string> errors)
    {
        try
        {
            root.GetSection(section).Bind(target, options => options.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException exception)
        {
            errors.Add($"{section}: {exception.Message}");
            // Bind again leniently so the remaining checks still run on what did parse.
            try
            {
                root.GetSection(section).Bind(target);
            }
            catch (InvalidOperationException)
            {
                // the error is already listed
            }
        }
    }
}
