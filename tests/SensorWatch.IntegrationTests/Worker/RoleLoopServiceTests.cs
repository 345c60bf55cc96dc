using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using SensorWatch.Roles;

namespace SensorWatch.IntegrationTests.Worker;

/// <summary>The role host skeleton shared by the scorer and the trainer: own thread, fatal error and crash fail the host.</summary>
public sealed class RoleLoopServiceTests
{
    [Fact]
    public async Task RoleLoopService_CleanStop_ExitsZeroWithoutStoppingTheHost()
    {
        StubLifetime lifetime = new();
        WorkerExit exit = new();
        using StubRole role = new(exit, lifetime, _ => { });

        await RunAsync(role);

        Assert.Equal("sensorwatch-stub", role.ThreadName);
        Assert.Equal(0, exit.ExitCode);
        Assert.Equal(0, lifetime.StopRequests);
    }

    [Fact]
    public async Task RoleLoopService_LoopReportsFatalErrors_FirstReasonWinsAndTheHostStops()
    {
        StubLifetime lifetime = new();
        WorkerExit exit = new();
        using StubRole role = new(exit, lifetime, fail =>
        {
            fail("broker gone");
            fail("second");
        });

        await RunAsync(role);

        Assert.Equal(1, exit.ExitCode);
        Assert.Equal("stub stopped: broker gone", exit.Reason);
        Assert.True(lifetime.StopRequests > 0);
    }

    [Fact]
    public async Task RoleLoopService_LoopThrows_FailsTheHostNamingTheException()
    {
        StubLifetime lifetime = new();
        WorkerExit exit = new();
        using StubRole role = new(exit, lifetime, _ => throw new InvalidOperationException("boom"));

        await RunAsync(role);

        Assert.Equal("stub stopped: InvalidOperationException: boom", exit.Reason);
        Assert.Equal(1, lifetime.StopRequests);
    }

    private static async Task RunAsync(StubRole role)
    {
        await role.StartAsync(CancellationToken.None);
        await role.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private sealed class StubRole(WorkerExit exit, IHostApplicationLifetime lifetime, Action<Action<string>> loop)
        : RoleLoopService("stub", exit, lifetime, NullLogger.Instance)
    {
        public string? ThreadName { get; private set; }

        protected override void RunLoop(CancellationToken stoppingToken)
        {
            ThreadName = Thread.CurrentThread.Name;
            loop(Fail);
        }
    }

    private sealed class StubLifetime : IHostApplicationLifetime
    {
        private int _stopRequests;

        public int StopRequests => Volatile.Read(ref _stopRequests);

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => Interlocked.Increment(ref _stopRequests);
    }
}
