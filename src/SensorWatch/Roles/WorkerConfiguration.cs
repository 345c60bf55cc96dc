using Microsoft.Extensions.Configuration;
using SensorWatch.Configuration;
using SensorWatch.Core.Retraining;

namespace SensorWatch.Roles;

/// <summary>
/// The worker's configuration, layered (later wins): appsettings.json next to the executable, an optional
/// <c>--config FILE</c>, environment variables <c>SENSORWATCH__SECTION__KEY</c>, then command-line options.
/// Binding validates every section and lists every error at once.
/// </summary>
internal sealed class WorkerConfiguration
{
    public const string EnvironmentPrefix = "SENSORWATCH__";

    private static readonly (string From, string To)[] s_aliases =
    [
        ("Telemetry", "SensorWatch:Telemetry"),
        ("Scorer:ModelStore", "Worker:ModelStore"),
        ("Scorer:ColdStart", "Worker:ColdStart"),
        ("Scorer:MaxInFlightWindows", "Worker:MaxInFlightWindows"),
        ("Scorer:MaxBatchSize", "Scorer:BatchSize"),
        ("Scorer:AlertOpenAfter", "Scorer:OpenAfter"),
        ("Scorer:AlertResolveAfter", "Scorer:ResolveAfter"),
        ("Scorer:AlertSeverityStep", "Scorer:SeverityStep"),
    ];

    private WorkerConfiguration(IConfigurationRoot root, WorkerSettings settings, IReadOnlyList<string> errors)
    {
        Root = root;
        Settings = settings;
        Errors = errors;
    }

    public IConfigurationRoot Root { get; }

    public WorkerSettings Settings { get; }

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

        return Bind(WithAliases(root), errors);
    }

    /// <summary>
    /// Renames alias keys to their canonical place before binding: <c>Telemetry:*</c> → <c>SensorWatch:Telemetry:*</c>
    /// (so <c>SENSORWATCH__TELEMETRY__PORT</c> works like the other sections), and the names used by earlier layouts
    /// (chart 0.1.1, compose) → the current ones. Later layers win as usual; within one layer the canonical key wins.
    /// </summary>
    private static IConfigurationRoot WithAliases(IConfigurationRoot root)
    {
        // Layer by layer, so a later layer's alias still overrides an earlier layer's canonical key.
        Dictionary<string, string?> values = new(StringComparer.OrdinalIgnoreCase);
        foreach (IConfigurationProvider provider in root.Providers)
        {
            List<KeyValuePair<string, string?>> canonical = [];
            List<KeyValuePair<string, string?>> aliased = [];
            foreach (KeyValuePair<string, string?> pair in new ConfigurationRoot([provider]).AsEnumerable())
            {
                if (pair.Value is null)
                {
                    continue;
                }

                string? target = Canonical(pair.Key);
                (target is null ? canonical : aliased).Add(new(target ?? pair.Key, pair.Value));
            }

            foreach (KeyValuePair<string, string?> pair in aliased.Concat(canonical))
            {
                values[pair.Key] = pair.Value;   // within one layer the canonical key wins
            }
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    private static string? Canonical(string key)
    {
        foreach ((string from, string to) in s_aliases)
        {
            if (key.Equals(from, StringComparison.OrdinalIgnoreCase))
            {
                return to;
            }

            if (key.Length > from.Length && key[from.Length] == ':' && key.StartsWith(from, StringComparison.OrdinalIgnoreCase))
            {
                return to + key[from.Length..];
            }
        }

        return null;
    }

    public static WorkerConfiguration Bind(IConfigurationRoot root, List<string>? errors = null)
    {
        errors ??= [];
        KafkaOptions kafka = new();
        ScorerOptions scorer = new();
        WorkerOptions worker = new();
        RetrainingOptions retraining = new();
        BindSection(root, KafkaOptions.Section, kafka, errors);
        BindSection(root, ScorerOptions.Section, scorer, errors);
        BindSection(root, WorkerOptions.Section, worker, errors);
        BindSection(root, RetrainingOptions.Section, retraining, errors);
        errors.AddRange(kafka.Validate());
        errors.AddRange(scorer.Validate());
        errors.AddRange(worker.Validate());
        errors.AddRange(retraining.Validate());
        return new WorkerConfiguration(root, new WorkerSettings(kafka, scorer, worker) { Retraining = retraining }, errors);
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
