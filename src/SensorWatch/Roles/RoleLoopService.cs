using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SensorWatch.Roles;

/// <summary>
/// A role (scorer, trainer) as a hosted service: runs its ONE loop on an own long-running thread
/// (<c>sensorwatch-{role}</c>; the Kafka client calls block) and stops the host with a non-zero exit when the loop
/// ends on a fatal error or throws.
/// </summary>
internal abstract partial class RoleLoopService : BackgroundService
{
    private readonly string _role;
    private readonly WorkerExit _exit;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger _logger;

    /// <param name="role">The role's name in the thread name, the crash log and the exit reason ("scorer").</param>
    protected RoleLoopService(string role, WorkerExit exit, IHostApplicationLifetime lifetime, ILogger logger)
    {
        _role = role;
        _exit = exit;
        _lifetime = lifetime;
        _logger = logger;
    }

    /// <summary>
    /// Runs the loop until <paramref name="stoppingToken"/> or a fatal error; on a fatal error it calls
    /// <see cref="Fail"/> before disposing its resources (so the host starts stopping while they close).
    /// </summary>
    protected abstract void RunLoop(CancellationToken stoppingToken);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        Thread.CurrentThread.Name = $"sensorwatch-{_role}";
        try
        {
            RunLoop(stoppingToken);
        }
        catch (Exception exception)
        {
            LogCrashed(_logger, _role, exception);
            Fail($"{exception.GetType().Name}: {exception.Message}");
        }
    }

    /// <summary>Records the exit reason ("{role} stopped: reason"; the first one wins) and stops the host.</summary>
    protected void Fail(string reason)
    {
        _exit.Fail($"{_role} stopped: {reason}");
        _lifetime.StopApplication();
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The {Role} loop crashed; stopping the host")]
    private static partial void LogCrashed(ILogger logger, string role, Exception exception);
}
