using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SensorWatch.Configuration;

namespace SensorWatch.Roles.Scorer;

/// <summary>
/// The models of every key the scorer has seen, and the cold start: a key with no model collects its first
/// <see cref="ScorerOptions.ProbationWindows"/> windows, then trains its first model on ONE background thread of
/// below-normal priority (so the consume loop keeps polling), then scores. The loop thread owns the slots; it calls
/// <see cref="Poll"/> every iteration to install finished models. <see cref="Snapshot"/> is safe from any thread.
/// </summary>
internal sealed partial class ModelRegistry : IDisposable
{
    private readonly Dictionary<string, ModelSlot> _slots = new(StringComparer.Ordinal);
    private readonly ScorerOptions _options;
    private readonly IModelTrainer _trainer;
    private readonly IModelStore? _store;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private volatile IReadOnlyList<ModelStatusView> _snapshot = [];
    private readonly System.Collections.Concurrent.ConcurrentQueue<IScoringModel> _offered = new();

    public ModelRegistry(ScorerOptions options, IModelTrainer trainer, IModelStore? store, ILogger logger)
    {
        _options = options;
        _trainer = trainer;
        _store = store;
        _logger = logger;
    }

    /// <summary>Raised on the loop thread when a key gets a model (loaded or trained).</summary>
    public event Action<IScoringModel>? ModelInstalled;

    /// <summary>Every key's state; updated by the loop, readable from any thread.</summary>
    public IReadOnlyList<ModelStatusView> Snapshot => _snapshot;

    /// <summary>True when at least one key is training (the demo shows it; tests wait on it).</summary>
    public bool AnyTraining => _slots.Values.Any(slot => slot.Phase == ModelPhase.Training);

    /// <summary>Loads every snapshot of the model store; problems are logged, never thrown.</summary>
    public void LoadStore()
    {
        if (_store is null)
        {
            return;
        }

        List<string> problems = [];
        foreach (IScoringModel model in _store.LoadAll(problems))
        {
            Install(model);
            LogModelLoaded(_logger, model.ModelKey, model.Version);
        }

        foreach (string problem in problems)
        {
            LogStoreProblem(_logger, problem);
        }

        Publish();
    }

    /// <summary>Installs a model for its key (replacing any) — loaded at start or handed in by a test.</summary>
    public void Install(IScoringModel model)
    {
        ModelSlot slot = GetOrCreate(model.ModelKey);
        slot.Install(model, _options.BatchSize);
        RememberShape(model);
        ModelInstalled?.Invoke(model);
        Publish();
    }

    /// <summary>Hands in a verified model from any thread (the models-topic reader); the loop installs it at its next <see cref="Poll"/>.</summary>
    public void Offer(IScoringModel model) => _offered.Enqueue(model);

    public ModelSlot? Find(string modelKey) => _slots.GetValueOrDefault(modelKey);

    public ModelSlot GetOrCreate(string modelKey)
    {
        if (!_slots.TryGetValue(modelKey, out ModelSlot? slot))
        {
            slot = new ModelSlot(modelKey, _options.ProbationWindows) { ScoringThreads = _options.ScoringThreads };
            _slots.Add(modelKey, slot);
            LogColdStart(_logger, modelKey, _options.ProbationWindows);
            Publish();
        }

        return slot;
    }

    /// <summary>Adds one probation window (T, D) raw; starts the background training when the set is complete.</summary>
    public void Collect(ModelSlot slot, ReadOnlySpan<float> window, int windowLength, int features, IReadOnlyList<string> featureNames)
    {
        bool full = slot.Collect(window, windowLength, features, featureNames);
        if (full)
        {
            StartTraining(slot);
        }

        if (full || slot.Collected % 25 == 0)
        {
            Publish();
        }
    }

    /// <summary>Installs models whose training finished (loop thread).</summary>
    public void Poll()
    {
        while (_offered.TryDequeue(out IScoringModel? offered))
        {
            if (!FitsServingShape(offered, out string? misfit))
            {
                LogOfferRefused(_logger, offered.ModelKey, offered.Version, misfit);
                continue;
            }

            Install(offered); // between batches on the loop thread: no window is scored by a half-swapped model
        }

        foreach (ModelSlot slot in _slots.Values)
        {
            if (slot.Training is not { IsCompleted: true } training)
            {
                continue;
            }

            (IScoringModel? model, string? failure, TimeSpan elapsed) = training.IsCompletedSuccessfully
                ? training.Result
                : (null, training.Exception?.GetBaseException().Message ?? "training was cancelled", TimeSpan.Zero);
            if (model is null)
            {
                slot.TrainingFailed(failure ?? "unknown failure", elapsed);
                LogTrainingFailed(_logger, slot.ModelKey, failure ?? "unknown failure");
            }
            else
            {
                slot.TrainingSucceeded(model, _options.BatchSize, elapsed);
                RememberShape(model);
                LogTrained(_logger, slot.ModelKey, model.Version, elapsed.TotalSeconds, model.Threshold);
                SaveToStore(model);
                ModelInstalled?.Invoke(model);
            }

            Publish();
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private void StartTraining(ModelSlot slot)
    {
        float[] windows = slot.TakeProbationWindows();
        int count = slot.Collected;
        string key = slot.ModelKey;
        int windowLength = slot.WindowLength;
        IReadOnlyList<string> names = slot.FeatureNames;
        CancellationToken token = _stopping.Token;
        TaskCompletionSource<(IScoringModel?, string?, TimeSpan)> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Thread thread = new(() =>
        {
            Stopwatch watch = Stopwatch.StartNew();
            try
            {
                IScoringModel? model = _trainer.Train(key, windows, count, windowLength, names, out string? failure, token);
                completion.SetResult((model, failure, watch.Elapsed));
            }
            catch (OperationCanceledException)
            {
                completion.SetResult((null, "training cancelled (shutdown)", watch.Elapsed));
            }
            catch (Exception exception)
            {
                completion.SetResult((null, $"{exception.GetType().Name}: {exception.Message}", watch.Elapsed));
            }
        })
        {
            IsBackground = true,
            Priority = ThreadPriority.BelowNormal,
            Name = $"sensorwatch-train-{key}",
        };
        slot.StartTraining(completion.Task);
        LogTrainingStarted(_logger, key, count);
        thread.Start();
    }

    private void SaveToStore(IScoringModel model)
    {
        if (_store.SaveProblem(model) is { } problem)
        {
            LogStoreProblem(_logger, $"could not save model '{model.ModelKey}' {model.Version}: {problem}");
        }
    }

    private void Publish() => _snapshot = [.. _slots.Values.Select(slot => slot.View())];

    [LoggerMessage(Level = LogLevel.Information, Message = "Model key '{ModelKey}' has no model: cold start, collecting {Count} probation windows")]
    private static partial void LogColdStart(ILogger logger, string modelKey, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Training the first model of '{ModelKey}' on {Count} windows in the background")]
    private static partial void LogTrainingStarted(ILogger logger, string modelKey, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model '{ModelKey}' {Version} trained in {Seconds:F1} s (threshold {Threshold:G4}); scoring starts")]
    private static partial void LogTrained(ILogger logger, string modelKey, string version, double seconds, double threshold);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Training the first model of '{ModelKey}' failed: {Reason}; collecting a new probation set")]
    private static partial void LogTrainingFailed(ILogger logger, string modelKey, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded model '{ModelKey}' {Version} from the model store")]
    private static partial void LogModelLoaded(ILogger logger, string modelKey, string version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model store: {Problem}")]
    private static partial void LogStoreProblem(ILogger logger, string problem);
}
