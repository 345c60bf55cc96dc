using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SensorWatch.Embedded;
using SensorWatch.Roles.Scorer;
using SensorWatch.Simulator;
using SensorWatch.Telemetry;
using Spectre.Console;

namespace SensorWatch.Roles.Demo;

/// <summary>
/// <c>sensorwatch demo</c> in one process: an embedded Kafka cluster, the real worker (cold start included), the
/// simulator injecting labelled anomalies, a live view, and at the end a summary of injected anomalies against alerts.
/// Timeline at the defaults (90 s, 20 sensors, 60 windows/s): ~15 s of probation, the first model trains in the
/// background (~20–30 s on two cores), then scoring; anomalies are injected only after the probation set is complete.
/// </summary>
internal sealed class DemoRunner(DemoOptions options, TextWriter output)
{
    private const string Windows = "sensor.windows";
    private const int Stride = 16;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        Stopwatch clock = Stopwatch.StartNew();
        using EmbeddedKafkaCluster cluster = new(new EmbeddedKafkaClusterOptions { Brokers = 3 });
        cluster.CreateTopic(Windows, 4, 3);
        cluster.CreateTopic("sensor.alerts", 4, 3);
        cluster.CreateTopic("sensor.scores", 4, 3);
        cluster.CreateTopic("sensor.windows.dlq", 1, 3);
        cluster.CreateTopic("sensor.readings", 4, 3); // the worker consumes the readings form too (empty in the demo)
        cluster.CreateTopic("sensor.models", 1, 3);   // cold-start and retrained models, followed by the scorer for hot swaps
        cluster.CreateTopic("sensor.samples", 4, 3);  // scored windows and alerts for the trainer role
        cluster.CreateTopic("sensor.alert-state", 4, 3); // alert state checkpoints (compacted on a real cluster)
        WorkerConfiguration configuration = WorkerConfiguration.Load(null, WorkerSettings(cluster.BootstrapServers), includeEnvironment: false);
        if (configuration.Errors.Count > 0)
        {
            await output.WriteLineAsync("demo: internal configuration error: " + string.Join(" ", configuration.Errors)).ConfigureAwait(false);
            return 1;
        }

        DemoLedger ledger = new(clock, TimeSpan.FromSeconds(64));
        using IHost host = WorkerHost.Build(configuration, logging: logging =>
        {
            if (!options.Live)
            {
                logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
            }
        }, role: WorkerRole.All);
        DemoRetrains retrains = new(clock, host.Services.GetRequiredService<Trainer.TrainerProgress>());
        ScorerProgress progress = host.Services.GetRequiredService<ScorerProgress>();
        progress.AlertPublished += (sensorId, _, transition) => ledger.Alert(sensorId, transition);
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        string? metricsUrl = host.Services.GetService<TelemetryWebServer>()?.Address is { } address ? new Uri(address, "/metrics").ToString() : null;

        double probationSeconds = options.ProbationWindows / options.Rate;
        SensorSimulator simulator = new(new SimulatorOptions
        {
            BootstrapServers = cluster.BootstrapServers,
            Sensors = options.Sensors,
            MessagesPerSecond = options.Rate,
            AnomalyEvery = options.AnomalyEvery,
            // Overlapping windows (stride 16 of 64 rows): every anomalous row is seen by several windows, so even a
            // short anomaly can open an alert (k windows in a row), and sensor time drifts slowly during the demo.
            Stride = Stride,
            Warmup = TimeSpan.FromSeconds(probationSeconds + 2),
            Duration = options.Duration - TimeSpan.FromSeconds(3),
            Seed = options.Seed,
        });
        simulator.AnomalyInjected += ledger.Injected;
        using CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task simulation = Task.Run(() => simulator.RunAsync(stop.Token), CancellationToken.None);
        try
        {
            if (options.Live)
            {
                await AnsiConsole.Live(DemoView.Render(Snapshot(clock, metricsUrl, simulator, progress, ledger, 0, retrains)))
                    .StartAsync(async context => await WatchAsync(clock, metricsUrl, simulator, progress, ledger, retrains, stop.Token,
                        snapshot => context.UpdateTarget(DemoView.Render(snapshot)))).ConfigureAwait(false);
            }
            else
            {
                await WatchAsync(clock, metricsUrl, simulator, progress, ledger, retrains, stop.Token, snapshot => output.WriteLine(DemoView.Line(snapshot)),
                    TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: still stop cleanly and summarise what was seen.
        }

        await stop.CancelAsync().ConfigureAwait(false);
        await simulation.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        await DrainAsync(progress, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        await host.StopAsync(CancellationToken.None).ConfigureAwait(false);

        ModelStatusView? first = progress.Models.FirstOrDefault(model => model.Phase == ModelPhase.Ready);
        DemoSummary summary = ledger.Summarise(new DemoSummary
        {
            DurationSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
            Sensors = options.Sensors,
            WindowsProduced = simulator.Statistics.Produced,
            WindowsConsumed = progress.Consumed,
            WindowsScored = progress.Scored,
            WindowsProbation = progress.Probation,
            DeadLetters = progress.DeadLetters,
            FirstModelSeconds = ledger.FirstModel is { } ready ? Math.Round(ready.TotalSeconds, 1) : null,
            TrainingSeconds = first?.TrainingTime is { } training ? Math.Round(training.TotalSeconds, 1) : null,
            MetricsUrl = metricsUrl,
            Retrains = retrains.All,
        });
        await DemoReport.WriteAsync(summary, output).ConfigureAwait(false);
        if (options.SummaryJson is { } path)
        {
            summary.WriteJson(path);
            await output.WriteLineAsync($"Summary written to {path}").ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>Port 9464 may be taken (another worker): then any free port.</summary>
    public static int FreePortOr(int preferred)
    {
        if (preferred == 0)
        {
            return 0;
        }

        try
        {
            using TcpListener probe = new(IPAddress.Loopback, preferred);
            probe.Start();
            probe.Stop();
            return preferred;
        }
        catch (SocketException)
        {
            return 0;
        }
    }

    private Dictionary<string, string?> WorkerSettings(string bootstrap) => new()
    {
        ["Kafka:BootstrapServers"] = bootstrap,
        ["Kafka:GroupId"] = "sensorwatch-demo",
        ["Kafka:Client:heartbeat.interval.ms"] = "1000",
        ["Scorer:ProbationWindows"] = options.ProbationWindows.ToString(CultureInfo.InvariantCulture),
        ["Scorer:BatchSize"] = "64",
        ["Worker:SessionTimeoutMs"] = "6000",
        ["Worker:StatisticsIntervalMs"] = "1000",
        ["Worker:ShutdownTimeoutSeconds"] = "10",
        ["Scorer:OpenAfter"] = "2",
        ["Scorer:ResolveAfter"] = "4",
        ["Worker:ColdStartHidden"] = "48",
        ["Worker:ColdStartLatent"] = "12",
        ["Worker:ColdStartEpochs"] = "60",
        ["Worker:TrainingThreads"] = "1",
        ["Worker:TargetFalseAlarmRate"] = "0.002",
        // Trainer role, on a demo schedule (the defaults retrain every 6 h or 5,000 new windows): a retrain once 1,000 windows
        // are held and 800 more were admitted, a shorter alert margin (sensor time runs ~50x faster than wall time here),
        // and shorter shadow and watch periods.
        ["Worker:PublishColdStartModels"] = "true",   // the trainer retrains the cold-start model
        ["Worker:SampleFraction"] = "1",              // 60 windows/s: the retrain schedule below needs every window (default 0.25)
        ["Retraining:Interval"] = "00:00:00",
        ["Retraining:MinNewWindows"] = "800",
        ["Retraining:MinTrainingWindows"] = "1000",
        ["Retraining:Epochs"] = "8",
        ["Retraining:Sample:AlertMarginMs"] = "120000",
        ["Retraining:Gate:ShadowWindows"] = "300",
        ["Retraining:Gate:ShadowAlertRateBudget"] = "0.1",
        ["Retraining:Gate:WatchWindows"] = "600",
        ["Retraining:Gate:MinWatchWindows"] = "200",        // one alert in the first 50 watched windows is not a spike
        ["Retraining:Gate:MinBaselineAlertRate"] = "0.01",
        ["Telemetry:BindAddress"] = "127.0.0.1",
        ["Telemetry:Port"] = FreePortOr(options.MetricsPort).ToString(CultureInfo.InvariantCulture),
        ["Telemetry:LogFormat"] = "simple",
    };

    private async Task WatchAsync(Stopwatch clock, string? metricsUrl, SensorSimulator simulator, ScorerProgress progress, DemoLedger ledger,
        DemoRetrains retrains, CancellationToken cancellationToken, Action<DemoSnapshot> show, TimeSpan? every = null)
    {
        TimeSpan period = every ?? TimeSpan.FromMilliseconds(500);
        long lastConsumed = 0;
        TimeSpan lastTime = clock.Elapsed;
        while (clock.Elapsed < options.Duration)
        {
            await Task.Delay(period, cancellationToken).ConfigureAwait(false);
            TimeSpan now = clock.Elapsed;
            long consumed = progress.Consumed;
            double rate = (consumed - lastConsumed) / Math.Max(0.001, (now - lastTime).TotalSeconds);
            lastConsumed = consumed;
            lastTime = now;
            if (progress.Models.Any(model => model.Phase == ModelPhase.Ready))
            {
                ledger.ModelReady();
            }

            show(Snapshot(clock, metricsUrl, simulator, progress, ledger, rate, retrains));
        }
    }

    private DemoSnapshot Snapshot(Stopwatch clock, string? metricsUrl, SensorSimulator simulator, ScorerProgress progress, DemoLedger ledger, double rate,
        DemoRetrains retrains) =>
        new(clock.Elapsed, options.Duration, metricsUrl, simulator.Statistics.Produced, progress.Consumed, rate, progress.Lag, progress.Scored,
            progress.Probation, progress.DeadLetters, ledger.InjectedCount, progress.AlertsOpened, progress.AlertsResolved, progress.Models, ledger.Recent(8), retrains);

    private static async Task DrainAsync(ScorerProgress progress, TimeSpan budget)
    {
        Stopwatch watch = Stopwatch.StartNew();
        while (progress.Lag > 0 && watch.Elapsed < budget)
        {
            await Task.Delay(200).ConfigureAwait(false);
        }
    }
}
