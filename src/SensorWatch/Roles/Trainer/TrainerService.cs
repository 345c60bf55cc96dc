using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SensorWatch.Core.Retraining;
using SensorWatch.Health;
using SensorWatch.Telemetry;

namespace SensorWatch.Roles.Trainer;

/// <summary>
/// The trainer role as a hosted service: runs ONE <see cref="TrainerLoop"/> on its own long-running thread (<see cref="RoleLoopService"/>) and stops
/// the host with a non-zero exit when the loop ends on a fatal error. On shutdown the loop abandons any running
/// training (cancelled, never published) and closes its consumer.
/// </summary>
internal sealed class TrainerService : RoleLoopService
{
    private readonly WorkerSettings _settings;
    private readonly TrainerProgress _progress;
    private readonly SensorWatchTelemetry _telemetry;
    private readonly HealthState _health;
    private readonly TrainerRole _role;
    private readonly ILoggerFactory _loggers;

    public TrainerService(WorkerSettings settings, TrainerProgress progress, WorkerExit exit, IHostApplicationLifetime lifetime,
        SensorWatchTelemetry telemetry, HealthState health, TrainerRole role, ILoggerFactory loggers)
        : base("trainer", exit, lifetime, loggers.CreateLogger<TrainerService>())
    {
        _settings = settings;
        _progress = progress;
        _telemetry = telemetry;
        _health = health;
        _role = role;
        _loggers = loggers;
    }

    protected override void RunLoop(CancellationToken stoppingToken)
    {
        ModelStore? store = string.IsNullOrWhiteSpace(_settings.Worker.ModelStore) ? null : new ModelStore(_settings.Worker.ModelStore);
        using TrainerLoop loop = new(_settings, store, _progress, _telemetry, _health, _role.OwnsReadiness, _loggers);
        loop.Run(stoppingToken);
        if (loop.FatalError is { } fatal)
        {
            Fail(fatal);
        }
    }
}
