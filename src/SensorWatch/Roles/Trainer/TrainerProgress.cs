using SensorWatch.Core.Retraining;

namespace SensorWatch.Roles.Trainer;

/// <summary>
/// The trainer role's progress, for the demo's view and summary and for tests (DI singleton; thread-safe): samples
/// consumed, every finished retraining step (<see cref="RetrainEvent"/>: outcome, reason, duration, sample size,
/// version) and each key's phase. <see cref="Retrained"/> is raised on the trainer loop's thread.
/// </summary>
internal sealed class TrainerProgress
{
    private readonly Lock _lock = new();
    private readonly List<RetrainEvent> _events = [];
    private readonly Dictionary<string, TrainerKeyView> _keys = new(StringComparer.Ordinal);
    private long _samples;
    private long _malformed;
    private long _published;

    /// <summary>Raised for every finished step (promoted, rejected, rolled back, kept, abandoned).</summary>
    public event Action<RetrainEvent>? Retrained;

    /// <summary>Window and alert records read from the samples topic.</summary>
    public long Samples => Interlocked.Read(ref _samples);

    /// <summary>Samples-topic records that could not be decoded.</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Models this trainer published to the models topic (promotions and rollbacks).</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Every step so far, oldest first.</summary>
    public IReadOnlyList<RetrainEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>The keys this trainer owns now.</summary>
    public IReadOnlyList<TrainerKeyView> Keys
    {
        get
        {
            lock (_lock)
            {
                return [.. _keys.Values.OrderBy(key => key.ModelKey, StringComparer.Ordinal)];
            }
        }
    }

    public void AddSamples(long count) => Interlocked.Add(ref _samples, count);

    public void AddMalformed() => Interlocked.Increment(ref _malformed);

    public void AddPublished() => Interlocked.Increment(ref _published);

    public void Record(RetrainEvent retrain)
    {
        lock (_lock)
        {
            _events.Add(retrain);
        }

        Retrained?.Invoke(retrain);
    }

    public void SetKey(TrainerKeyView view)
    {
        lock (_lock)
        {
            _keys[view.ModelKey] = view;
        }
    }

    public void RemoveKey(string modelKey)
    {
        lock (_lock)
        {
            _keys.Remove(modelKey);
        }
    }
}
