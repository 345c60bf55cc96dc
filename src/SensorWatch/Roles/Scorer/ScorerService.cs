using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SensorWatch.Configuration;
using SensorWatch.Health;
using SensorWatch.Kafka;
using SensorWatch.Telemetry;

namespace SensorWatch.Roles.Scorer;

/// <summary>
/// The scorer role as a hosted service: runs ONE <see cref="ScorerLoop"/> on its own long-running thread (the
/// Kafka client calls block), and stops the host with a non-zero exit when the loop ends on a fatal error.
/// </summary>
internal sealed partial class ScorerService : BackgroundService
{
    private readonly WorkerSettings _settings;
    private readonly IModelTrainer _trainer;
    private readonly IModelStore? _store;
    private readonly ScorerProgress _progress;
    private readonly WorkerExit _exit;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly SensorWatchTelemetry _telemetry;
    private readonly HealthState _health;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;

    public ScorerService(WorkerSettings settings, IModelTrainer trainer, IEnumerable<IModelStore> stores,
        ScorerProgress progress, WorkerExit exit, IHostApplicationLifetime lifetime, SensorWatchTelemetry telemetry, HealthState health,
        ILoggerFactory loggers)
    {
        _telemetry = telemetry;
        _health = health;
        _settings = settings;
        _trainer = trainer;
        _store = stores.FirstOrDefault();
        _progress = progress;
        _exit = exit;
        _lifetime = lifetime;
        _loggers = loggers;
        _logger = loggers.CreateLogger<ScorerService>();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        Thread.CurrentThread.Name = "sensorwatch-scorer";
        try
        {
            using OutputPublisher publisher = OutputPublisher.Create(_settings);
            using ModelRegistry models = new(_settings.Scorer, _trainer, _store, _loggers.CreateLogger<ModelRegistry>());
            using Trainer.ModelTopicFollower? follower = Trainer.ModelTopicFollower.Start(_settings, models, _store, _loggers.CreateLogger<Trainer.ModelTopicFollower>());
            using SampleForwarder? samples = SampleForwarder.Create(_settings, _telemetry, _loggers.CreateLogger<SampleForwarder>());
            using WindowPipeline pipeline = new(_settings, models, publisher, _progress, _telemetry, _loggers.CreateLogger<WindowPipeline>()) { Samples = samples };
            using ScorerLoop loop = new(_settings, pipeline, publisher, models, _progress, _telemetry, _health, _loggers.CreateLogger<ScorerLoop>());
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
        _exit.Fail($"scorer stopped: {reason}");
        _lifetime.StopApplication();
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The scorer loop crashed; stopping the host")]
    private static partial void LogCrashed(ILogger logger, Exception exception);
}
