using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SensorWatch.Roles.Scorer;
using SensorWatch.Roles.Trainer;
using SensorWatch.Telemetry;

namespace SensorWatch.Roles;

/// <summary>
/// Builds the worker host for <c>run</c>, <c>demo</c> and the integration tests: the scorer and/or trainer hosted
/// services (by <see cref="WorkerRole"/>; the scorer alone unless asked), their
/// options (already validated), progress, exit state, the model trainer and the model store.
/// </summary>
internal static class WorkerHost
{
    public static IHost Build(WorkerConfiguration configuration, Action<IServiceCollection>? services = null, Action<ILoggingBuilder>? logging = null,
        WorkerRole role = WorkerRole.Scorer)
    {
        if (configuration.Errors.Count > 0)
        {
            throw new InvalidOperationException("The configuration is invalid: " + string.Join(" ", configuration.Errors));
        }

        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            Configuration = new ConfigurationManager(),
        });
        builder.Configuration.AddConfiguration(configuration.Root);
        builder.Logging.ClearProviders();
        if (logging is null)
        {
            builder.Logging.AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.TimestampFormat = "HH:mm:ss ";
            });
            builder.Logging.SetMinimumLevel(LogLevel.Information);
        }
        else
        {
            logging(builder.Logging);
        }

        builder.Services.Configure<HostOptions>(options =>
        {
            options.ShutdownTimeout = TimeSpan.FromSeconds(configuration.Settings.Worker.ShutdownTimeoutSeconds + 5);
            options.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.StopHost;
        });
        builder.Services.AddSingleton(configuration.Settings);
        builder.Services.AddSensorWatchTelemetry(configuration.Root);
        services?.Invoke(builder.Services);
        builder.Services.TryAddSingleton<ScorerProgress>();
        builder.Services.TryAddSingleton<WorkerExit>();
        builder.Services.TryAddSingleton<IModelTrainer>(provider => PublishingModelTrainer.Wrap(new DetectorModelTrainer(configuration.Settings.Worker),
            configuration.Settings, provider.GetRequiredService<ILoggerFactory>().CreateLogger<PublishingModelTrainer>()));
        if (!string.IsNullOrWhiteSpace(configuration.Settings.Worker.ModelStore))
        {
            builder.Services.TryAddSingleton<IModelStore>(provider => new DirectoryModelStore(configuration.Settings.Worker.ModelStore, provider.GetService<SensorWatchTelemetry>()));
        }
        builder.Services.TryAddSingleton<TrainerProgress>();
        if (role != WorkerRole.Trainer)
        {
            builder.Services.AddHostedService<ScorerService>();
        }

        if (role != WorkerRole.Scorer)
        {
            builder.Services.AddSingleton(new TrainerRole(OwnsReadiness: role == WorkerRole.Trainer));
            builder.Services.AddHostedService<TrainerService>();
        }

        return builder.Build();
    }
}
