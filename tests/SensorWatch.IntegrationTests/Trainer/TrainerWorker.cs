using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SensorWatch.Core.Retraining;
using SensorWatch.IntegrationTests.Infrastructure;
using SensorWatch.IntegrationTests.Worker;
using SensorWatch.Roles;
using SensorWatch.Roles.Scorer;
using SensorWatch.Roles.Trainer;

namespace SensorWatch.IntegrationTests.Trainer;

/// <summary>
/// A worker host in a chosen role (scorer, trainer or both) against a <see cref="WorkerTestKit"/>'s cluster, with
/// the trainer's topics and a short retraining schedule for tiny models. SENSORWATCH_TEST_LOGS=1 shows its logs.
/// </summary>
internal sealed class TrainerWorker : IAsyncDisposable
{
    private readonly TestWorkerHost _host;

    private TrainerWorker(IHost host)
    {
        _host = new TestWorkerHost(host);
        Scorer = host.Services.GetRequiredService<ScorerProgress>();
        Trainer = host.Services.GetRequiredService<TrainerProgress>();
        Exit = host.Services.GetRequiredService<WorkerExit>();
    }

    public ScorerProgress Scorer { get; }

    public TrainerProgress Trainer { get; }

    public WorkerExit Exit { get; }

    /// <summary>The host's services (telemetry) for assertions.</summary>
    public IServiceProvider Services => _host.Host.Services;

    /// <summary>The kit's settings plus the trainer's topics, group and a schedule for tiny models: a retrain per 120 newly admitted windows once 300 are held.</summary>
    public static Dictionary<string, string?> Settings(WorkerTestKit kit, string instance, string models, string samples, string trainerGroup) =>
        Settings(kit.Settings(instance), instance, models, samples, trainerGroup);

    /// <summary>The trainer's settings added to <paramref name="settings"/>.</summary>
    public static Dictionary<string, string?> Settings(Dictionary<string, string?> settings, string instance, string models, string samples, string trainerGroup)
    {
        settings["Worker:InstanceId"] = instance;
        settings["Kafka:Topics:Models"] = models;
        settings["Kafka:Topics:Samples"] = samples;
        settings["Kafka:Topics:Feedback"] = "";
        settings["Kafka:TrainerGroupId"] = trainerGroup;
        settings["Worker:SampleFraction"] = "1";       // every window, as these tests count them
        settings["Retraining:Interval"] = "00:00:00";
        settings["Retraining:MinNewWindows"] = "120";
        settings["Retraining:MinTrainingWindows"] = "300";
        settings["Retraining:Epochs"] = "3";
        settings["Retraining:BatchSize"] = "16";
        settings["Retraining:Sample:AlertMarginMs"] = "32000";    // two 16 s windows
        settings["Retraining:Sample:RecentSize"] = "64";
        settings["Retraining:Gate:MinHoldoutWindows"] = "20";
        settings["Retraining:Gate:TargetFalseAlarmRate"] = "0.2";
        settings["Retraining:Gate:ShadowWindows"] = "40";
        settings["Retraining:Gate:ShadowAlertRateBudget"] = "0.2";
        settings["Retraining:Gate:WatchWindows"] = "400";
        settings["Retraining:Gate:MinWatchWindows"] = "30";
        return settings;
    }

    public static async Task<TrainerWorker> StartAsync(Dictionary<string, string?> settings, WorkerRole role, IModelStore? store = null)
    {
        TrainerWorker worker = new(TestWorkerHost.Build(settings,
            services =>
            {
                if (store is not null)
                {
                    services.AddSingleton(store);
                }
            },
            LogLevel.Information, role));
        await worker._host.StartAsync().ConfigureAwait(false);
        return worker;
    }

    /// <summary>Waits until a retraining step with <paramref name="outcome"/> was recorded; returns it.</summary>
    public async Task<RetrainEvent> WaitForAsync(RetrainOutcome outcome, TimeSpan timeout)
    {
        Stopwatch clock = Stopwatch.StartNew();
        while (true)
        {
            if (Trainer.Events.FirstOrDefault(e => e.Outcome == outcome) is { } found)
            {
                return found;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"No {outcome} within {timeout.TotalSeconds:0} s: {Trainer.Samples} samples read, steps [{string.Join("; ", Trainer.Events)}], " +
                    $"keys [{string.Join("; ", Trainer.Keys)}], scored {Scorer.Scored}, exit '{Exit.Reason}'.");
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    public Task StopAsync() => _host.StopAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
