using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SensorWatch.Configuration;
using SensorWatch.Health;
using SensorWatch.Kafka;
using SensorWatch.Telemetry;

namespace SensorWatch.Roles.Scorer;

/// <summary>
/// The scorer role as a hosted service: runs ONE <see cref="ScorerLoop"/> on its own long-running thread
/// (<see cref="RoleLoopService"/>: the Kafka client calls block), and stops the host with a non-zero exit when the
/// loop ends on a fatal error.
/// </summary>
internal sealed class ScorerService : RoleLoopService
{
    private readonly WorkerSettings _settings;
    private readonly IModelTrainer _trainer;
    private readonly IModelStore? _store;
    private readonly ScorerProgress _progress;
    private readonly SensorWatchTelemetry _telemetry;
    private readonly HealthState _health;
    private readonly ILoggerFactory _loggers;

    public ScorerService(WorkerSettings settings, IModelTrainer trainer, IEnumerable<IModelStore> stores,
        ScorerProgress progress, WorkerExit exit, IHostApplicationLifetime lifetime, SensorWatchTelemetry telemetry, HealthState health,
        ILoggerFactory loggers)
        : base("scorer", exit, lifetime, loggers.CreateLogger<ScorerService>())
    {
        _telemetry = telemetry;
        _health = health;
        _settings = settings;
        _trainer = trainer;
        _store = stores.FirstOrDefault();
        _progress = progress;
        _loggers = loggers;
    }

    protected override void RunLoop(CancellationToken stoppingToken)
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
}
