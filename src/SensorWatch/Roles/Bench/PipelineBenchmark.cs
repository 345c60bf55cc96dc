using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SensorWatch.Configuration;
using SensorWatch.Core.Scoring;
using SensorWatch.Embedded;
using SensorWatch.Roles.Scorer;

namespace SensorWatch.Roles.Bench;

/// <summary>
/// End-to-end throughput and latency of the worker on the embedded cluster (a measurement, not a test). ref-small JSON
/// windows (T=64, D=8; model H=64, Z=64) are produced up front (so the producer's work is not measured), then
/// after one warm-up run (not counted), <see cref="PipelineBenchOptions.Runs"/> times a fresh worker (new consumer group) consumes, scores and publishes them
/// all; windows/s is counted from the first consumed to the last acknowledged window. The CPU of that interval is
/// split by thread (the loop, librdkafka's client threads, the mock brokers, the runtime and scoring helpers), and the
/// loop thread's time by stage. Then a paced producer at half the median rate measures produce → score-record latency.
/// The mock keeps ~5 MiB per partition, so the input topic gets one partition per 1,000 windows.
/// </summary>
internal sealed class PipelineBenchmark(PipelineBenchOptions options, TextWriter output)
{
    private const string InputTopic = "bench.windows";
    private const string LatencyTopic = "bench.latency";
    private const string LatencyScores = "bench.latency.scores";

    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        int windows = options.Windows;
        await WriteAsync($"Pipeline benchmark: {windows} ref-small windows (T={BenchInput.T}, D={BenchInput.D}, H=64, Z=64, batch {options.BatchSize}) × {options.Runs} runs on the embedded cluster, {Environment.ProcessorCount} cores, load {LoadAverage()}").ConfigureAwait(false);
        using EmbeddedKafkaCluster cluster = new(new EmbeddedKafkaClusterOptions { Brokers = 1 });
        cluster.CreateTopic(InputTopic, Math.Max(4, (windows + 999) / 1000), 1);
        foreach (string topic in new[] { "sensor.alerts", "sensor.scores", "sensor.windows.dlq" })
        {
            cluster.CreateTopic(topic, 4, 1);
        }

        BenchInput input = new(512);
        DetectorScoringModel model = new("pump", AnomalyDetector.Train(input.Values, 256, BenchInput.Features, new DetectorOptions
        {
            WindowLength = BenchInput.T,
            Hidden = 64,
            Latent = 64,
            Training = new Core.Training.TrainingOptions { Epochs = 1, Threads = 1 },
        }));
        Stopwatch producing = Stopwatch.StartNew();
        await Task.Run(() => input.Produce(cluster.BootstrapServers, InputTopic, windows), cancellationToken).ConfigureAwait(false);
        await WriteAsync($"  input produced in {producing.Elapsed.TotalSeconds:F1} s (not measured)").ConfigureAwait(false);

        List<RunFigures> runs = [];
        for (int run = 0; run <= options.Runs && !cancellationToken.IsCancellationRequested; run++)
        {
            // run 0 warms up (tiered JIT compiles the hot paths) and is not counted
            RunFigures figures = await ThroughputRunAsync(cluster.BootstrapServers, model, $"bench-{run}", cancellationToken).ConfigureAwait(false);
            if (run > 0)
            {
                runs.Add(figures);
            }

            await WriteAsync(run == 0 ? $"  warm-up: {figures.Describe()}" : $"  run {run}: {figures.Describe()}").ConfigureAwait(false);
        }

        RunFigures median = RunFigures.Median(runs);
        await WriteAsync($"  median: {median.Describe()}").ConfigureAwait(false);
        await WriteAsync($"  CPU per window by thread (median): {median.DescribeThreads()}").ConfigureAwait(false);
        await WriteAsync($"  loop thread by stage (median): {median.DescribeStages()}").ConfigureAwait(false);
        await WriteAsync($"  the model alone (same process, batch {options.BatchSize}, no Kafka): {ModelAlone(model, input, 1):F0} windows/s on 1 thread, {ModelAlone(model, input, 0):F0} on {Environment.ProcessorCount}").ConfigureAwait(false);
        bool complete = runs.All(run => run.Done >= windows);
        if (options.LatencySeconds > 0 && complete && median.WindowsPerSecond > 0)
        {
            await LatencyRunAsync(cluster, model, input, median.WindowsPerSecond / 2, cancellationToken).ConfigureAwait(false);
        }

        await WriteAsync($"  load after: {LoadAverage()}").ConfigureAwait(false);
        return complete ? 0 : 1;
    }

    private async Task<RunFigures> ThroughputRunAsync(string bootstrap, DetectorScoringModel model, string group, CancellationToken cancellationToken)
    {
        int windows = options.Windows;
        using IHost host = BuildWorker(bootstrap, model, group, InputTopic);
        ScorerProgress progress = host.Services.GetRequiredService<ScorerProgress>();
        Stopwatch clock = Stopwatch.StartNew();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        while (progress.Consumed == 0 && clock.Elapsed < TimeSpan.FromMinutes(1))
        {
            await Task.Delay(2, cancellationToken).ConfigureAwait(false);
        }

        Snapshot start = Snapshot.Take(progress);
        while (progress.Finished < windows && clock.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }

        Snapshot end = Snapshot.Take(progress);
        await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        return RunFigures.Between(start, end, progress.Finished);
    }

    private async Task LatencyRunAsync(EmbeddedKafkaCluster cluster, DetectorScoringModel model, BenchInput input, double rate, CancellationToken cancellationToken)
    {
        int expected = (int)(rate * options.LatencySeconds);
        cluster.CreateTopic(LatencyTopic, Math.Max(4, (expected + 999) / 1000), 1);
        cluster.CreateTopic(LatencyScores, Math.Max(4, (expected + 3999) / 4000), 1);   // its own: the reader starts on an empty topic
        // librdkafka's mock answers a fetch that finds no data only after the full fetch.wait.max.ms (500 ms by default),
        // even when data arrives meanwhile (Apache Kafka answers as soon as data arrives): cap it for a fair latency.
        using IHost host = BuildWorker(cluster.BootstrapServers, model, "bench-latency", LatencyTopic, ("Kafka:Client:fetch.wait.max.ms", "5"),
            ("Kafka:Topics:Scores", LatencyScores));
        ScorerProgress progress = host.Services.GetRequiredService<ScorerProgress>();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        Stopwatch waiting = Stopwatch.StartNew();
        while (progress.AssignedPartitions.Count == 0 && waiting.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }

        LatencyProbe probe = new(cluster.BootstrapServers, input, LatencyScores);
        LatencyProbe.Result result = await Task.Run(() => probe.Run(LatencyTopic, rate, TimeSpan.FromSeconds(options.LatencySeconds), cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await WriteAsync($"  latency at {result.Rate:F0} windows/s (half the median) for {options.LatencySeconds} s: produce → score record read back p50 {result.P50Ms:F1} ms, p99 {result.P99Ms:F1} ms, max {result.MaxMs:F1} ms ({result.Matched}/{result.Produced} matched; worker consumed {progress.Consumed}, scored {progress.Scored}, dlq {progress.DeadLetters}; first 2 s not counted)")
            .ConfigureAwait(false);
    }

    private IHost BuildWorker(string bootstrap, DetectorScoringModel model, string group, string topic, params (string Key, string Value)[] extra)
    {
        Dictionary<string, string?> settings = new()
        {
            ["Kafka:BootstrapServers"] = bootstrap,
            ["Kafka:GroupId"] = group,
            ["Kafka:Topics:Windows"] = topic,
            ["Kafka:Topics:Readings"] = "", // windows only: the readings form is not measured here
            ["Scorer:BatchSize"] = options.BatchSize.ToString(s_inv),
            ["Scorer:Limits:MaxAge"] = "00:00:00",
            ["Worker:ColdStart"] = "false",
            ["Worker:FollowModelsTopic"] = "false",
            ["Worker:SessionTimeoutMs"] = "6000",
            ["Worker:MaxInFlightWindows"] = "50000",
            ["Telemetry:Enabled"] = "false",
        };
        foreach ((string key, string value) in extra)
        {
            settings[key] = value;
        }

        foreach ((string key, string? value) in options.Settings)
        {
            settings[key] = value;
        }

        WorkerConfiguration configuration = WorkerConfiguration.Load(null, settings, includeEnvironment: false);
        return WorkerHost.Build(configuration, services => services.AddSingleton<IModelStore>(new FixedStore(model)), logging => { });
    }

    /// <summary>Windows/s of <see cref="IBatchScorer.Score"/> alone over the distinct windows (after a warm-up), for comparison.</summary>
    private double ModelAlone(DetectorScoringModel model, BenchInput input, int threads)
    {
        int batch = Math.Min(options.BatchSize, input.Distinct);
        int size = BenchInput.T * BenchInput.D;
        IBatchScorer scorer = model.CreateScorer(batch, threads);
        WindowResult[] results = new WindowResult[batch];
        float[] contributions = new float[batch * BenchInput.D];
        int parts = input.Distinct / batch;
        for (int r = 0; r < 4; r++)
        {
            scorer.Score(input.Values.AsSpan(0, batch * size), batch, results, contributions, []);   // warm-up
        }

        int rounds = 0;
        Stopwatch watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(1.5))
        {
            scorer.Score(input.Values.AsSpan((rounds % parts) * batch * size, batch * size), batch, results, contributions, []);
            rounds++;
        }

        return rounds * batch / watch.Elapsed.TotalSeconds;
    }

    private Task WriteAsync(string line) => output.WriteLineAsync(line);

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private sealed class FixedStore(IScoringModel model) : IModelStore
    {
        public IReadOnlyList<IScoringModel> LoadAll(ICollection<string> problems) => [model];

        public void Save(IScoringModel saved)
        {
        }
    }
}
