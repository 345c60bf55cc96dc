using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SensorWatch.Roles;
using SensorWatch.Roles.Scorer;

namespace SensorWatch.IntegrationTests.Worker;

/// <summary>A real worker host running in-process against the test cluster.</summary>
internal sealed class RunningWorker : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    public RunningWorker(IHost host)
    {
        _host = host;
        Progress = host.Services.GetRequiredService<ScorerProgress>();
        Exit = host.Services.GetRequiredService<WorkerExit>();
    }

    public ScorerProgress Progress { get; }

    /// <summary>The host's services (telemetry, options) for assertions.</summary>
    public IServiceProvider Services => _host.Services;

    public WorkerExit Exit { get; }

    public Task StartAsync() => _host.StartAsync();

    /// <summary>Waits until <paramref name="condition"/> holds; throws naming the progress when it does not in time.</summary>
    public async Task WaitUntilAsync(Func<ScorerProgress, bool> condition, TimeSpan timeout, string what)
    {
        Stopwatch clock = Stopwatch.StartNew();
        while (!condition(Progress))
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Worker did not reach '{what}' within {timeout.TotalSeconds:0} s: consumed {Progress.Consumed}, scored {Progress.Scored}, " +
                    $"probation {Progress.Probation}, dlq {Progress.DeadLetters}, finished {Progress.Finished}, partitions [{string.Join(",", Progress.AssignedPartitions)}], exit '{Exit.Reason}'.");
            }

            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    /// <summary>Graceful stop (cancellation): drain, commit, close.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(30));
        await _host.StopAsync(timeout.Token).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _host.Dispose();
    }
}
