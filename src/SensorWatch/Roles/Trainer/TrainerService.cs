using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SensorWatch.Core.Retraining;
using SensorWatch.Health;
using SensorWatch.Telemetry;

namespace SensorWatch.Roles.Trainer;

/// <summary>
/// The trainer role as a hosted service: runs ONE <see cref="TrainerLoop"/> on its own long-running thread and stops
/// the host with a non-zero exit when the loop ends on a fatal error. On shutdown the loop abandons any running
/// training (cancelled, never published) and closes its consumer.
/// </summary>
internal sealed partial class TrainerService : BackgroundService
{
    private readonly WorkerSettings _settings;
    private readonly TrainerProgress _progress;
    private readonly WorkerExit _exit;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly SensorWatchTelemetry _telemetry;
    private readonly HealthState _health;
    private readonly TrainerRole _role;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;

    public TrainerService(WorkerSettings settings, TrainerProgress progress, WorkerExit exit, IHostApplicationLifetime lifetime,
        SensorWatchTelemetry telemetry, HealthState health, TrainerRole role, ILoggerFactory loggers)
    {
        _settings = settings;
        _progress = progress;
        _exit = exit;
        _lifetime = lifetime;
        _telemetry = telemetry;
        _health = health;
        _role = role;
        _loggers = loggers;
        _logger = loggers.CreateLogger<TrainerService>();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        Thread.CurrentThread.Name = "sensorwatch-trainer";
        try
        {
            ModelStore? store = string.IsNullOrWhiteSpace(_settings.Worker.ModelStore) ? null : new ModelStore(_settings.Worker.ModelStore);
            using TrainerLoop loop = new(_settings, store, _progress, _telemetry, _health, _role.OwnsReadiness, _loggers);
            loop.Run(stoppingToken);
            if (loop.FatalError is { } fatal)
            {
                Fail(fatal);
            }
        }
        catch (Exception exception)
        {
            LogCrashed(_logger, exception);
            Fail($"{exception.GetType().Name}: {exception.Message}");
        }
    }

    private void Fail(string reason)
    {
        _exit.Fail($"trainer stopped: {reason}");
        _lifetime.StopApplication();
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The trainer loop crashed; stopping the host")]
    private static partial void LogCrashed(ILogger logger, Exception exception);
}
