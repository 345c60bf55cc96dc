using System.CommandLine;
using SensorWatch.Simulator;

namespace SensorWatch.Cli;

/// <summary>
/// <c>sensorwatch simulate</c>: produces synthetic sensor windows (or readings) with injected anomalies to Kafka and
/// writes the ground truth to a JSONL file and/or a topic.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        Command command = new("simulate", "Produce realistic multivariate sensor windows with labelled anomalies to Kafka (ground truth to a file or topic).");
        Option<string> bootstrap = new("--bootstrap") { Description = "Kafka bootstrap servers, HOST:PORT[,HOST:PORT...].", Required = true };
        Option<int> sensors = new("--sensors") { Description = "Number of sensors (ids pump-001...).", DefaultValueFactory = _ => 20 };
        Option<string?> rate = new("--rate") { Description = "Messages per second over all sensors, e.g. 200/s, 12000/min (default 200/s)." };
        Option<double?> timeScale = new("--time-scale") { Description = "Sensor seconds per wall-clock second (instead of --rate; 1 = real time)." };
        Option<string> anomalyEvery = new("--anomaly-every") { Description = "Mean wall-clock time between anomalies over all sensors (0 = none).", DefaultValueFactory = _ => "5m" };
        Option<string> warmup = new("--warmup") { Description = "Wall-clock time at the start without anomalies (cold-start training).", DefaultValueFactory = _ => "0s" };
        Option<int> window = new("--window") { Description = "Rows per window message (T).", DefaultValueFactory = _ => 64 };
        Option<int?> stride = new("--stride") { Description = "Rows between consecutive windows of a sensor (default: --window, no overlap)." };
        Option<string> interval = new("--interval") { Description = "Time between two readings of a sensor.", DefaultValueFactory = _ => "1s" };
        Option<int> features = new("--features") { Description = "Features per sensor (D): temperature, pressure, flow, vibration, power, current, speed, ambient, ...", DefaultValueFactory = _ => 8 };
        Option<string?> topic = new("--topic") { Description = "Destination topic (default sensor.windows, or sensor.readings with --readings)." };
        Option<bool> readings = new("--readings") { Description = "Send one reading per message ({sensorId, model, ts, values}) instead of windows." };
        Option<FileInfo?> truth = new("--truth") { Description = "JSONL file for the ground truth (one line per anomaly: sensorId, kind, features, start, end)." };
        Option<string?> truthTopic = new("--truth-topic") { Description = "Topic for the ground truth (key = sensorId)." };
        Option<string?> duration = new("--duration") { Description = "Stop after this wall-clock time (e.g. 90s, 10m); default: until Ctrl+C." };
        Option<int> seed = new("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 42 };
        Option<string> model = new("--model") { Description = "Model key written into window messages.", DefaultValueFactory = _ => "pump" };
        foreach (Option option in new Option[] { bootstrap, sensors, rate, timeScale, anomalyEvery, warmup, window, stride, interval, features, topic, readings, truth, truthTopic, duration, seed, model })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            SensorSimulator simulator;
            try
            {
                string? rateText = parseResult.GetValue(rate);
                string? durationText = parseResult.GetValue(duration);
                SimulatorOptions options = new()
                {
                    BootstrapServers = parseResult.GetValue(bootstrap)!,
                    Sensors = parseResult.GetValue(sensors),
                    MessagesPerSecond = rateText is null ? null : SimulatorValueParser.ParseRate(rateText, "--rate"),
                    TimeScale = parseResult.GetValue(timeScale),
                    AnomalyEvery = SimulatorValueParser.ParseDuration(parseResult.GetValue(anomalyEvery)!, "--anomaly-every"),
                    Warmup = SimulatorValueParser.ParseDuration(parseResult.GetValue(warmup)!, "--warmup"),
                    WindowLength = parseResult.GetValue(window),
                    Stride = parseResult.GetValue(stride),
                    Interval = SimulatorValueParser.ParseDuration(parseResult.GetValue(interval)!, "--interval"),
                    Features = parseResult.GetValue(features),
                    Topic = parseResult.GetValue(topic),
                    Readings = parseResult.GetValue(readings),
                    TruthFile = parseResult.GetValue(truth)?.FullName,
                    TruthTopic = parseResult.GetValue(truthTopic),
                    Duration = durationText is null ? null : SimulatorValueParser.ParseDuration(durationText, "--duration"),
                    Seed = parseResult.GetValue(seed),
                    Model = parseResult.GetValue(model)!,
                };
                simulator = new SensorSimulator(options, Console.Error);
            }
            catch (Exception error) when (error is FormatException or ArgumentException)
            {
                await Console.Error.WriteLineAsync($"simulate: {error.Message}").ConfigureAwait(false);
                return 2;
            }

            return await RunAsync(simulator, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(SensorSimulator simulator, CancellationToken cancellationToken)
    {
        SimulatorOptions options = simulator.Options;
        Console.WriteLine($"Simulating {options.Sensors} sensor(s) x {simulator.FeatureNames.Count} features ({string.Join(", ", simulator.FeatureNames)}) " +
            $"-> {options.EffectiveTopic} on {options.BootstrapServers}");
        Console.WriteLine($"{(options.Readings ? "readings" : $"windows of {options.WindowLength} rows, stride {options.EffectiveStride}")}, interval {options.Interval.TotalMilliseconds:0} ms, " +
            $"{options.EffectiveMessagesPerSecond:0.##} msg/s = {options.EffectiveTimeScale:0.##}x real time; sensor clock starts {SimulatorJson.Timestamp(simulator.StartTime)}");
        Console.WriteLine(options.AnomalyEvery == TimeSpan.Zero
            ? "No anomalies."
            : $"An anomaly every ~{options.AnomalyEvery.TotalSeconds:0.#} s (wall clock) over the fleet (per sensor: every ~{simulator.MeanGapRowsPerSensor} rows)" +
              (options.Warmup > TimeSpan.Zero ? $", none during the first {options.Warmup.TotalSeconds:0.#} s." : "."));
        simulator.AnomalyInjected += record => Console.WriteLine(
            $"  anomaly {SimulatorJson.KindName(record.Kind),-16} {record.SensorId} [{string.Join(",", record.Features)}] {SimulatorJson.Timestamp(record.Start)} .. {SimulatorJson.Timestamp(record.End)}");

        using Timer progress = new(_ => Print("  progress", simulator.Statistics), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        SimulatorStatistics final;
        try
        {
            final = await simulator.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or Confluent.Kafka.KafkaException)
        {
            await Console.Error.WriteLineAsync($"simulate: cannot produce to {options.BootstrapServers}: {error.Message}").ConfigureAwait(false);
            return 1;
        }

        Print("done", final);
        return final.Failed > 0 ? 1 : 0;
    }

    private static void Print(string label, SimulatorStatistics statistics) => Console.WriteLine(
        $"{label}: {statistics.Produced} produced, {statistics.Delivered} delivered, {statistics.Failed} failed, " +
        $"{statistics.MessagesPerSecond:0} msg/s, {statistics.Bytes / 1_048_576.0:0.0} MiB, {statistics.Anomalies} anomalies, " +
        $"sensor time {statistics.SimulatedTime:d\\.hh\\:mm\\:ss} in {statistics.Elapsed:hh\\:mm\\:ss}" +
        (statistics.LastError is null ? string.Empty : $"; last error: {statistics.LastError}"));
}
