using System.CommandLine;
using System.Globalization;
using SensorWatch.Core.Retraining;
using SensorWatch.Core.Scoring;
using SensorWatch.Core.Snapshots;
using SensorWatch.Roles.Trainer;

namespace SensorWatch.Cli;

/// <summary>
/// <c>sensorwatch model list|show|pin|unpin|rollback|export|import|publish --store DIR</c>: the model store's versions
/// per model key (<see cref="ModelStore"/>). Every model read is verified; a corrupt file is refused with its kind and
/// the served version stays. <c>publish</c> (and <c>pin</c>/<c>rollback</c> with <c>--bootstrap</c>) puts the served
/// version on the compacted models topic, from which every running scorer hot-swaps it. Exit 0 on success, 1 on an
/// error (one line on stderr).
/// </summary>
internal static class ModelCommand
{
    public static Command Create() => Create(Console.Out, Console.Error);

    /// <summary>The command writing to <paramref name="output"/> and <paramref name="error"/> (tests run it in-process).</summary>
    public static Command Create(TextWriter output, TextWriter error)
    {
        Option<string> store = new("--store") { Description = "Model store folder (<key>/v<N>.swm + current).", Required = true };
        Option<string> key = new("--key") { Description = "Model key (A-Z a-z 0-9 . _ -).", Required = true };
        Option<string?> listKey = new("--key") { Description = "Model key; without it, list the keys." };
        Option<int?> version = new("--version") { Description = "Version number (default: the current one)." };
        Option<int> pinVersion = new("--version") { Description = "Version number to serve and pin.", Required = true };
        Option<string> outFile = new("--out") { Description = "File to write the model to.", Required = true };
        Option<string> inFile = new("--file") { Description = "Model file to import (verified first).", Required = true };
        Option<string?> bootstrap = new("--bootstrap") { Description = "Kafka bootstrap servers (HOST:PORT): also publish the served version to the models topic." };
        Option<string> publishBootstrap = new("--bootstrap") { Description = "Kafka bootstrap servers (HOST:PORT).", Required = true };
        Option<string> topic = new("--topic") { Description = "Compacted models topic.", DefaultValueFactory = _ => "sensor.models" };

        Command list = Sub("list", "List model keys, or the versions of one key (current, pinned, training summary, errors).", store, listKey);
        list.SetAction(p => Run(error, () => List(new ModelStore(p.GetValue(store)!), p.GetValue(listKey), output)));
        Command show = Sub("show", "Show one version: architecture, threshold, training and lineage (sample composition).", store, key, version);
        show.SetAction(p => Run(error, () => Show(new ModelStore(p.GetValue(store)!), p.GetValue(key)!, p.GetValue(version), output)));
        Command pin = Sub("pin", "Serve a version and pin it (new versions are stored but not served until unpin).", store, key, pinVersion, bootstrap, topic);
        pin.SetAction((p, ct) => RunAsync(error, () => ReportAndPublishAsync(output, new ModelStore(p.GetValue(store)!), p.GetValue(key)!,
            s => s.Pin(p.GetValue(key)!, p.GetValue(pinVersion)), p.GetValue(bootstrap), p.GetValue(topic)!, ct)));
        Command unpin = Sub("unpin", "Unpin a key (the served version is unchanged; the next promoted version is served).", store, key);
        unpin.SetAction(p => Run(error, () => Report(output, p.GetValue(key)!, new ModelStore(p.GetValue(store)!).Unpin(p.GetValue(key)!))));
        Command rollback = Sub("rollback", "Serve the version served before the current one, and pin it.", store, key, bootstrap, topic);
        rollback.SetAction((p, ct) => RunAsync(error, () => ReportAndPublishAsync(output, new ModelStore(p.GetValue(store)!), p.GetValue(key)!,
            s => s.Rollback(p.GetValue(key)!), p.GetValue(bootstrap), p.GetValue(topic)!, ct)));
        Command export = Sub("export", "Copy a verified version to a model file.", store, key, version, outFile);
        export.SetAction(p => Run(error, () => Export(new ModelStore(p.GetValue(store)!), p.GetValue(key)!, p.GetValue(version), p.GetValue(outFile)!, output)));
        Command import = Sub("import", "Verify a model file and store it as the next version (served unless the key is pinned).", store, key, inFile);
        import.SetAction(p => Run(error, () => Import(new ModelStore(p.GetValue(store)!), p.GetValue(key)!, p.GetValue(inFile)!, output)));

        Command publish = Sub("publish", "Publish a verified version (default: the served one) to the models topic; running scorers hot-swap it.",
            store, key, version, publishBootstrap, topic);
        publish.SetAction((p, ct) => RunAsync(error, () => PublishAsync(output, new ModelStore(p.GetValue(store)!), p.GetValue(key)!, p.GetValue(version),
            p.GetValue(publishBootstrap)!, p.GetValue(topic)!, ct)));

        Command command = new("model", "Inspect and manage the model store: list, show, pin, unpin, rollback, export, import, publish.");
        foreach (Command sub in new[] { list, show, pin, unpin, rollback, export, import, publish })
        {
            command.Subcommands.Add(sub);
        }

        return command;
    }

    private static Command Sub(string name, string description, params Option[] options)
    {
        Command command = new(name, description);
        foreach (Option option in options)
        {
            command.Options.Add(option);
        }

        return command;
    }

    private static int Run(TextWriter error, Func<int> body) => CliErrors.Run(() =>
    {
        try
        {
            return body();
        }
        catch (ModelSnapshotException exception)
        {
            error.WriteLine($"error [{exception.Kind}]: {exception.Message}");
            return 1;
        }
        catch (ModelStoreException exception)
        {
            error.WriteLine($"error: {exception.Message}");
            return 1;
        }
    });

    private static async Task<int> RunAsync(TextWriter error, Func<Task<int>> body)
    {
        try
        {
            return Run(error, () => body().GetAwaiter().GetResult());
        }
        catch (Confluent.Kafka.KafkaException exception)
        {
            await error.WriteLineAsync($"error: could not publish to Kafka: {exception.Error.Reason}").ConfigureAwait(false);
            return 1;
        }
    }

    private static async Task<int> ReportAndPublishAsync(TextWriter output, ModelStore store, string key, Func<ModelStore, ModelPointer> change,
        string? bootstrap, string topic, CancellationToken cancellationToken)
    {
        ModelPointer pointer = change(store);
        Report(output, key, pointer);
        return bootstrap is null ? 0 : await PublishAsync(output, store, key, pointer.Version, bootstrap, topic, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> PublishAsync(TextWriter output, ModelStore store, string key, int? version, string bootstrap, string topic,
        CancellationToken cancellationToken)
    {
        int v = version ?? store.Pointer(key)?.Version ?? throw new ModelStoreException($"Model '{key}' has no current version in {store.Root}; pass --version.");
        byte[] bytes = store.ReadBytes(key, v);
        using ModelTopicPublisher publisher = new(bootstrap, topic);
        Confluent.Kafka.TopicPartitionOffset position = await publisher.PublishAsync(key, bytes, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"published {key} v{v} to {position.Topic} [{position.Partition.Value}] @{position.Offset.Value}").ConfigureAwait(false);
        return 0;
    }

    private static int List(ModelStore store, string? key, TextWriter output)
    {
        if (key is null)
        {
            IReadOnlyList<string> keys = store.Keys();
            output.WriteLine(keys.Count == 0 ? $"no models in {store.Root}" : "key\tcurrent\tpinned\tversions");
            foreach (string k in keys)
            {
                ModelPointer? pointer = store.Pointer(k);
                output.WriteLine($"{k}\t{(pointer is null ? "-" : $"v{pointer.Version}")}\t{(pointer?.Pinned == true ? "yes" : "no")}\t{store.Versions(k).Count}");
            }

            return 0;
        }

        IReadOnlyList<ModelVersionInfo> versions = store.List(key);
        if (versions.Count == 0)
        {
            throw new ModelStoreException($"Model '{key}' has no versions in {store.Root}.");
        }

        bool pinned = store.Pointer(key)?.Pinned == true;
        output.WriteLine("version\tcurrent\ttrainedAt\tconverged\tfinalLoss\tsampleSize\tbytes\tstatus");
        foreach (ModelVersionInfo v in versions)
        {
            string current = v.IsCurrent ? (pinned ? "pinned" : "yes") : string.Empty;
            TrainingMetadata? m = v.Metadata;
            string loss = m is { TrainLosses.Count: > 0 } ? m.TrainLosses[^1].ToString("G5", CultureInfo.InvariantCulture) : "-";
            string sample = m?.Lineage.GetValueOrDefault("sample.size") ?? "-";
            string status = v.Error is null ? "ok" : $"corrupt ({v.Error})";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"v{v.Version}\t{current}\t{m?.TrainedAt.ToString("u", CultureInfo.InvariantCulture) ?? "-"}\t{m?.Converged.ToString() ?? "-"}\t{loss}\t{sample}\t{v.SizeBytes}\t{status}"));
        }

        return versions.Any(v => v.IsCurrent && v.Error is not null) ? 1 : 0;
    }

    private static int Show(ModelStore store, string key, int? version, TextWriter output)
    {
        int v = version ?? store.Pointer(key)?.Version ?? throw new ModelStoreException($"Model '{key}' has no current version in {store.Root}; pass --version.");
        AnomalyDetector detector = store.Read(key, v);
        TrainingMetadata m = detector.Metadata;
        var a = detector.Architecture;
        output.WriteLine($"model {key} v{v} ({store.VersionPath(key, v)})");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"architecture: D={a.Features} T={a.WindowLength} H={a.Hidden} L={a.Layers} Z={a.Latent} {a.Variant}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"threshold: {detector.Calibration.Threshold:G6} ({detector.Calibration.Method}, target false-alarm rate {detector.Calibration.TargetFalseAlarmRate:G3})"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"training: {m.TrainWindows} train windows, {m.EpochsRun} epochs, loss {string.Join(" → ", m.TrainLosses.Select(l => l.ToString("G4", CultureInfo.InvariantCulture)))}, converged {m.Converged}{(m.FailureReason is null ? string.Empty : $" ({m.FailureReason})")}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trained at {m.TrainedAt:u} in {m.DurationSeconds:F1} s, seed {m.Seed}, code {m.CodeVersion}"));
        foreach ((string name, string value) in m.Lineage.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"lineage.{name}: {value}");
        }

        return 0;
    }

    private static int Report(TextWriter output, string key, ModelPointer pointer)
    {
        output.WriteLine($"{key}: serving v{pointer.Version}{(pointer.Pinned ? " (pinned)" : string.Empty)}{(pointer.Previous is int p ? $", previous v{p}" : string.Empty)}");
        return 0;
    }

    private static int Export(ModelStore store, string key, int? version, string path, TextWriter output)
    {
        int v = version ?? store.Pointer(key)?.Version ?? throw new ModelStoreException($"Model '{key}' has no current version in {store.Root}; pass --version.");
        SnapshotContainer.WriteAtomic(path, store.ReadBytes(key, v));
        output.WriteLine($"exported {key} v{v} to {path}");
        return 0;
    }

    private static int Import(ModelStore store, string key, string path, TextWriter output)
    {
        byte[] bytes = File.Exists(path) ? File.ReadAllBytes(path) : throw new FileNotFoundException($"Model file {path} not found.", path);
        int version = store.Add(key, bytes);
        ModelPointer pointer = store.Pointer(key)!;
        output.WriteLine(pointer.Version == version
            ? $"imported {path} as {key} v{version} (now served)"
            : $"imported {path} as {key} v{version} (stored; v{pointer.Version} stays served because the key is pinned)");
        return 0;
    }
}
