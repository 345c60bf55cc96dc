using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SensorWatch.IntegrationTests.Infrastructure;
using SensorWatch.Roles;
using SensorWatch.Roles.Scorer;

namespace SensorWatch.IntegrationTests.Worker;

/// <summary>A real worker host running in-process against the test cluster.</summary>
internal sealed class RunningWorker : IAsyncDisposable
{
    private readonly TestWorkerHost _host;

    public RunningWorker(IHost host)
    {
        _host = new TestWorkerHost(host);
        Progress = host.Services.GetRequiredService<ScorerProgress>();
        Exit = host.Services.GetRequiredService<WorkerExit>();
    }

    public ScorerProgress Progress { get; }

    /// <summary>The host's services (telemetry, options) for assertions.</summary>
    public IServiceProvider Services => _host.Host.Services;

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
    public Task StopAsync() => _host.StopAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
