using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SensorWatch.Roles;

namespace SensorWatch.IntegrationTests.Infrastructure;

/// <summary>
/// The host under the in-process worker helpers (<c>RunningWorker</c>, <c>TrainerWorker</c>): built from test
/// settings (SENSORWATCH_TEST_LOGS=1 shows its logs), stopped gracefully once (bounded by 30 s), then disposed.
/// </summary>
internal sealed class TestWorkerHost : IAsyncDisposable
{
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(30);

    private bool _stopped;

    public TestWorkerHost(IHost host)
    {
        Host = host;
    }

    public IHost Host { get; }

    /// <summary>Loads <paramref name="settings"/> (asserting they are valid) and builds a worker host in <paramref name="role"/>.</summary>
    public static IHost Build(Dictionary<string, string?> settings, Action<IServiceCollection> services, LogLevel testLogLevel, WorkerRole role = WorkerRole.Scorer)
    {
        WorkerConfiguration configuration = WorkerConfiguration.Load(null, settings, includeEnvironment: false);
        Assert.Empty(configuration.Errors);
        bool logs = Environment.GetEnvironmentVariable("SENSORWATCH_TEST_LOGS") == "1";
        return WorkerHost.Build(configuration, services,
            logging =>
            {
                if (logs)
                {
                    logging.AddSimpleConsole(options =>
                    {
                        options.SingleLine = true;
                        options.TimestampFormat = "HH:mm:ss.fff ";
                    }).SetMinimumLevel(testLogLevel);
                }
            },
            role);
    }

    public Task StartAsync() => Host.StartAsync();

    /// <summary>Graceful stop (cancellation): drain, commit, close; only the first call stops.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        using CancellationTokenSource timeout = new(s_stopTimeout);
        await Host.StopAsync(timeout.Token).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        Host.Dispose();
    }
}
