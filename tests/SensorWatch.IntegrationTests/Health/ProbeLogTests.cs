using Microsoft.Extensions.Logging;
using SensorWatch.Health;
using SensorWatch.IntegrationTests.Telemetry;

namespace SensorWatch.IntegrationTests.Health;

public sealed class ProbeLogTests
{
    [Fact]
    public void Readiness_RepeatedFailures_LogOnceWithReasonsThenOnceOnRecovery()
    {
        ListLogger logger = new();
        ProbeLog log = new(logger);
        HealthState state = new(TimeSpan.FromSeconds(30), new ManualTimeProvider());

        for (int i = 0; i < 5; i++)
        {
            log.Readiness(state.GetReadiness());
        }

        state.SetAssignedPartitions(1);
        state.SetModelLoaded("pump", 1);
        state.SetKafkaReachable();
        log.Readiness(state.GetReadiness());
        log.Readiness(state.GetReadiness());

        Assert.Equal(2, logger.Lines.Count);
        Assert.Contains("kafka: not contacted yet", logger.Lines[0], StringComparison.Ordinal);
        Assert.Equal(LogLevel.Warning, logger.Levels[0]);
        Assert.Equal(LogLevel.Information, logger.Levels[1]);
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public List<LogLevel> Levels { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Lines.Add(formatter(state, exception));
            Levels.Add(logLevel);
        }
    }
}
